<?php

namespace SyncWarden\Tests\Integration;

use SyncWarden\Audit\AuditLog;
use SyncWarden\OAuth\CallbackUrl;
use SyncWarden\Tests\Harness\CanaryScanner;
use SyncWarden\Tests\TestCase;

final class ProviderCredentialsRoutesTest extends TestCase {

	private const SECRET = 'canary-google-secret/+=9f2c';

	protected function setUp(): void {
		parent::setUp();
		$this->log_in_as( 'administrator' );
	}

	private function put_credentials( string $provider, array $body ) {
		return $this->rest( 'PUT', "/syncwarden/v1/providers/$provider/credentials", $body );
	}

	private function provider( string $id ): array {
		$list = $this->rest( 'GET', '/syncwarden/v1/providers' )->get_data();
		return array_values( array_filter( $list, fn( $p ) => $p['id'] === $id ) )[0];
	}

	public function test_lists_the_five_providers_with_their_exact_redirect_uri(): void {
		$list = $this->rest( 'GET', '/syncwarden/v1/providers' )->get_data();

		$this->assertSame( array( 'google', 'microsoft', 'hubspot', 'zoho', 'calendly' ), array_column( $list, 'id' ) );
		$this->assertSame( 'none', $list[0]['source'] );
		$this->assertFalse( $list[0]['has_client_secret'] );
		$this->assertSame( rest_url( 'syncwarden/v1/oauth/callback/google' ), $list[0]['redirect_uri'] );
		$this->assertSame( CallbackUrl::for_provider( 'google' ), $list[0]['redirect_uri'] );
		$this->assertStringNotContainsString( '?', wp_parse_url( $list[0]['redirect_uri'], PHP_URL_PATH ) );
	}

	public function test_saved_secret_is_encrypted_never_returned_and_audited(): void {
		$response = $this->put_credentials( 'google', array( 'client_id' => 'google-client-id', 'client_secret' => self::SECRET ) );

		$this->assertSame( 200, $response->get_status() );
		$this->assertSame( 'database', $response->get_data()['source'] );
		$this->assertSame( 'google-client-id', $response->get_data()['client_id'] );
		$this->assertTrue( $response->get_data()['has_client_secret'] );
		$scanner = ( new CanaryScanner( array( self::SECRET ) ) )
			->scan_rest_response( 'PUT credentials', $response )
			->scan_rest_response( 'GET providers', $this->rest( 'GET', '/syncwarden/v1/providers' ) )
			->scan_rest_response( 'GET vault', $this->rest( 'GET', '/syncwarden/v1/vault' ) )
			->scan_database()
			->scan_file( WP_DEBUG_LOG );
		$this->assertSame( array(), $scanner->findings() );
		$this->assertSame( 'credentials.saved', ( new AuditLog() )->recent( 1 )[0]['event'] );
		$entry = ( new AuditLog() )->recent( 1 )[0];
		$this->assertSame( array( 'google', array( 'secret_changed' => true ), get_current_user_id() ), array( $entry['provider'], $entry['context'], $entry['user_id'] ) );
	}

	public function test_credentials_are_never_autoloaded(): void {
		global $wpdb;
		$this->put_credentials( 'google', array( 'client_id' => 'id', 'client_secret' => self::SECRET ) );

		// Only the schema version (a small integer read on every admin request) may autoload.
		$autoload = $wpdb->get_col( "SELECT autoload FROM {$wpdb->options} WHERE option_name LIKE 'syncwarden%' AND option_name <> 'syncwarden_db_version'" );

		$this->assertNotEmpty( $autoload );
		foreach ( $autoload as $value ) {
			$this->assertContains( $value, array( 'no', 'off' ) );
		}
	}

	public function test_saving_without_a_secret_keeps_the_stored_one_and_replacing_changes_it(): void {
		$this->put_credentials( 'google', array( 'client_id' => 'id-1', 'client_secret' => self::SECRET ) );
		$first = get_option( 'syncwarden_credentials_google' )['client_secret'];

		$this->put_credentials( 'google', array( 'client_id' => 'id-2' ) );
		$this->assertSame( $first, get_option( 'syncwarden_credentials_google' )['client_secret'] );
		$this->assertSame( 'id-2', $this->provider( 'google' )['client_id'] );

		$this->put_credentials( 'google', array( 'client_id' => 'id-2', 'client_secret' => 'another-secret-value' ) );
		$this->assertNotSame( $first, get_option( 'syncwarden_credentials_google' )['client_secret'] );
		$this->assertTrue( $this->provider( 'google' )['has_client_secret'] );
	}

	public function test_secret_and_credentials_can_be_removed(): void {
		$this->put_credentials( 'hubspot', array( 'client_id' => 'hub-id', 'client_secret' => self::SECRET ) );

		$after_secret = $this->rest( 'DELETE', '/syncwarden/v1/providers/hubspot/credentials/secret' )->get_data();
		$this->assertSame( array( 'database', 'hub-id', false, 'missing' ), array( $after_secret['source'], $after_secret['client_id'], $after_secret['has_client_secret'], $after_secret['client_secret_state'] ) );

		$after_all = $this->rest( 'DELETE', '/syncwarden/v1/providers/hubspot/credentials' )->get_data();
		$this->assertSame( array( 'none', null ), array( $after_all['source'], $after_all['client_id'] ) );
		$this->assertFalse( get_option( 'syncwarden_credentials_hubspot' ) );
		$this->assertSame( array( 'credentials.removed', 'credentials.secret_removed' ), array_column( ( new AuditLog() )->recent( 2 ), 'event' ) );
	}

	/**
	 * @dataProvider bad_secrets
	 */
	public function test_bad_secret_gets_a_field_level_400_and_stores_nothing( $secret, string $message ): void {
		$response = $this->put_credentials( 'google', array( 'client_id' => 'id', 'client_secret' => $secret ) );

		$this->assertSame( 400, $response->get_status() );
		$this->assertSame( 'rest_invalid_param', $response->get_data()['code'] );
		$this->assertSame( $message, $response->get_data()['data']['params']['client_secret'] );
		$this->assertFalse( get_option( 'syncwarden_credentials_google' ) );
	}

	public static function bad_secrets(): array {
		return array(
			'empty'          => array( '', 'The client secret cannot be empty.' ),
			'whitespace'     => array( '   ', 'The client secret cannot be empty.' ),
			'oversized'      => array( str_repeat( 'x', 4097 ), 'The client secret is longer than 4 KB; check that you pasted the right value.' ),
			'array'          => array( array( 'a' ), 'The client secret must be text.' ),
			'number'         => array( 12345, 'The client secret must be text.' ),
			'newline'        => array( "abc\ndef", 'The client secret contains control characters such as line breaks or tabs; paste it again without them.' ),
			'nul byte'       => array( "abc\0def", 'The client secret contains control characters such as line breaks or tabs; paste it again without them.' ),
		);
	}

	public function test_missing_client_id_is_refused(): void {
		$response = $this->put_credentials( 'google', array( 'client_secret' => self::SECRET ) );

		$this->assertSame( 400, $response->get_status() );
		$this->assertFalse( get_option( 'syncwarden_credentials_google' ) );
	}

	public function test_a_secret_of_exactly_4_kb_is_accepted(): void {
		$this->assertSame( 200, $this->put_credentials( 'zoho', array( 'client_id' => 'id', 'client_secret' => str_repeat( 'k', 4096 ) ) )->get_status() );
	}

	public function test_unknown_provider_is_a_404(): void {
		$response = $this->put_credentials( 'dropbox', array( 'client_id' => 'id', 'client_secret' => self::SECRET ) );

		$this->assertSame( 404, $response->get_status() );
		$this->assertSame( 'syncwarden_unknown_provider', $response->get_data()['code'] );
		$this->assertSame( 404, $this->rest( 'DELETE', '/syncwarden/v1/providers/dropbox/credentials' )->get_status() );
	}

	public function test_credentials_from_wp_config_are_shown_as_such_and_cannot_be_edited(): void {
		$calendly = $this->provider( 'calendly' );

		$this->assertSame( array( 'constant', 'sandbox-calendly', true ), array( $calendly['source'], $calendly['client_id'], $calendly['has_client_secret'] ) );
		$response = $this->put_credentials( 'calendly', array( 'client_id' => 'x', 'client_secret' => 'y-secret-value' ) );
		$this->assertSame( 409, $response->get_status() );
		$this->assertSame( 'syncwarden_credentials_in_config', $response->get_data()['code'] );
		$this->assertSame( 409, $this->rest( 'DELETE', '/syncwarden/v1/providers/calendly/credentials/secret' )->get_status() );
		$scanner = ( new CanaryScanner( array( SYNCWARDEN_CALENDLY_CLIENT_SECRET ) ) )->scan_rest_response( 'GET providers', $this->rest( 'GET', '/syncwarden/v1/providers' ) )->scan_database();
		$this->assertSame( array(), $scanner->findings() );
	}

	public function test_constant_credentials_say_whether_the_dev_sandbox_or_wp_config_defined_them(): void {
		// The test site defines Calendly's in its config file, as a site owner would.
		$this->assertSame( 'wp-config', $this->provider( 'calendly' )['constant_origin'] );

		// tools/wp/sandbox.php (npm start) claims the constants it defined through this filter.
		$claim = static fn( string $origin, string $provider ) => 'calendly' === $provider ? 'sandbox' : $origin;
		add_filter( 'syncwarden_constant_credentials_origin', $claim, 10, 2 );
		$this->assertSame( 'sandbox', $this->provider( 'calendly' )['constant_origin'] );
		// Credentials the site saved itself are never attributed to the sandbox.
		$this->assertSame( 'wp-config', $this->provider( 'google' )['constant_origin'] );
		remove_filter( 'syncwarden_constant_credentials_origin', $claim, 10 );
	}
}
