<?php

namespace SyncWarden\Tests\Integration\OAuth;

use SyncWarden\Http\HttpError;
use SyncWarden\Providers\ZohoProvider;
use SyncWarden\Tests\OAuthTestCase;

/**
 * Endpoints stored with a connection are not trusted: after one write to the database (an SQL
 * injection elsewhere, a tampered backup), the bearer token and the refresh grant still go only
 * to the provider's own endpoints, derived at every use (Zoho: the stored data centre re-checked
 * against Zoho's list).
 */
final class StoredEndpointsTest extends OAuthTestCase {

	/**
	 * Hosts every outbound request of the test was addressed to.
	 *
	 * @var string[]
	 */
	private array $hosts = array();

	protected function setUp(): void {
		parent::setUp();
		add_filter( 'pre_http_request', array( $this, 'record_host' ), 1, 3 );
	}

	protected function tearDown(): void {
		remove_filter( 'pre_http_request', array( $this, 'record_host' ), 1 );
		parent::tearDown();
	}

	/**
	 * Observes a request without changing it.
	 *
	 * @param mixed  $pre  Short-circuit value (passed through).
	 * @param array  $args Request arguments.
	 * @param string $url  Request URL.
	 * @return mixed
	 */
	public function record_host( $pre, array $args, string $url ) {
		$this->hosts[] = (string) wp_parse_url( $url, PHP_URL_HOST );
		return $pre;
	}

	private static function tamper( int $id, array $fields ): void {
		global $wpdb;
		$wpdb->update( $wpdb->prefix . 'syncwarden_connections', $fields, array( 'id' => $id ) );
	}

	public function test_a_rewritten_api_base_does_not_redirect_the_bearer_token(): void {
		$connection = $this->connect( 'google', array( 'import' ) );
		self::tamper( $connection['id'], array( 'api_base' => 'https://attacker.example.test/calendar/v3' ) );
		$this->hosts = array();

		$result = $this->rest( 'POST', "/syncwarden/v1/connections/{$connection['id']}/test" )->get_data();

		$this->assertTrue( $result['ok'], $result['message'] );
		$this->assertNotContains( 'attacker.example.test', $this->hosts );
		$this->assertNotEmpty( $this->hosts, 'the call went to the provider’s configured API' );
	}

	public function test_a_rewritten_token_endpoint_gets_no_refresh_token(): void {
		$connection = $this->connect( 'hubspot', array( 'export' ) );
		self::tamper( $connection['id'], array( 'token_endpoint' => 'https://attacker.example.test/token' ) );
		self::expire_access_token( $connection['id'] );
		$this->hosts = array();

		$result = $this->rest( 'POST', "/syncwarden/v1/connections/{$connection['id']}/test" )->get_data();

		$this->assertTrue( $result['ok'], $result['message'] );
		$this->assertNotContains( 'attacker.example.test', $this->hosts );
	}

	public function test_a_zoho_api_domain_outside_zohos_data_centres_is_refused_at_use_time(): void {
		$connection = $this->connect( 'zoho', array( 'export' ) );
		self::tamper( $connection['id'], array( 'api_base' => 'https://www.zohoapis.eu.attacker.test' ) );
		$this->hosts = array();

		$result = $this->rest( 'POST', "/syncwarden/v1/connections/{$connection['id']}/test" )->get_data();

		$this->assertFalse( $result['ok'] );
		$this->assertStringContainsString( 'not one of Zoho’s data centres', $result['message'] );
		$this->assertSame( array(), $this->hosts, 'nothing was sent anywhere' );
	}

	public function test_a_zoho_data_centre_api_domain_is_accepted_after_the_check(): void {
		$zoho = new ZohoProvider();

		$this->assertSame( 'https://www.zohoapis.eu', $zoho->connection_api_base( $zoho->default_endpoints(), 'https://www.zohoapis.eu/' ) );
		foreach ( array( 'https://www.zohoapis.eu.attacker.test', 'http://www.zohoapis.eu', '' ) as $stored ) {
			try {
				$zoho->connection_api_base( $zoho->default_endpoints(), $stored );
				$this->fail( "accepted $stored" );
			} catch ( HttpError $e ) {
				$this->assertSame( HttpError::CONFIG, $e->kind, $stored );
			}
		}
	}
}
