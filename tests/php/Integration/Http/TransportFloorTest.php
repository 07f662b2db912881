<?php

namespace SyncWarden\Tests\Integration\Http;

use ReflectionProperty;
use SyncWarden\Http\HttpClient;
use SyncWarden\Http\HttpError;
use SyncWarden\Tests\Peer;
use SyncWarden\Tests\TestCase;
use WpOrg\Requests\Requests;

/**
 * SyncWarden can only require TLS 1.2 on the cURL transport. When WordPress would send a request
 * through another transport — as on a host without a working cURL extension, where Requests falls
 * back to the next transport that passes its test — no provider call is sent at all, and Site
 * Health says why.
 */
final class TransportFloorTest extends TestCase {

	/** Requests made through the rogue transport, by URL. */
	public static array $sent = array();

	private array $transports;

	private array $cache;

	protected function setUp(): void {
		parent::setUp();
		self::$sent       = array();
		$this->transports = self::property( 'transports' )->getValue();
		$this->cache      = Requests::$transport;
	}

	protected function tearDown(): void {
		self::property( 'transports' )->setValue( null, $this->transports );
		Requests::$transport = $this->cache;
		parent::tearDown();
	}

	private static function property( string $name ): ReflectionProperty {
		$property = new ReflectionProperty( Requests::class, $name );
		$property->setAccessible( true );
		return $property;
	}

	/**
	 * The transports a host without cURL offers: cURL's test fails there, so Requests only has the
	 * others to choose from (a recording stand-in for fsockopen streams here).
	 */
	private function remove_curl(): void {
		self::property( 'transports' )->setValue( null, array( RogueTransport::class => RogueTransport::class ) );
		Requests::$transport = array(); // Requests caches its choice per capability set.
	}

	public function test_a_provider_call_is_refused_before_sending_when_wordpress_would_not_use_curl(): void {
		$this->remove_curl();

		try {
			( new HttpClient() )->request( 'POST', Peer::url() . '/token', array( 'form' => array( 'client_secret' => 'must-not-travel' ), 'shape' => array() ) );
			$this->fail( 'expected a refusal' );
		} catch ( HttpError $error ) {
			$this->assertSame( HttpError::CONFIG, $error->kind );
			$this->assertStringContainsString( 'cURL', $error->getMessage() );
		}
		$this->assertSame( array(), self::$sent, 'nothing went through the transport whose TLS version SyncWarden cannot set' );
	}

	public function test_site_health_says_provider_calls_are_refused_and_why(): void {
		$this->remove_curl();
		$tests = apply_filters( 'site_status_tests', array( 'direct' => array(), 'async' => array() ) );

		$result = call_user_func( $tests['direct']['syncwarden_tls_transport']['test'] );

		$this->assertSame( 'critical', $result['status'] );
		$this->assertStringContainsString( 'cURL', $result['description'] );
	}

	public function test_with_curl_calls_go_out_and_site_health_is_good(): void {
		$tests = apply_filters( 'site_status_tests', array( 'direct' => array(), 'async' => array() ) );

		$this->assertSame( 'good', call_user_func( $tests['direct']['syncwarden_tls_transport']['test'] )['status'] );
		$this->assertSame( 200, ( new HttpClient() )->request( 'GET', Peer::url() . '/__control/stats', array( 'shape' => array() ) )['status'] );
	}
}

/**
 * A transport whose TLS version SyncWarden cannot set. It records what it is asked to send.
 */
final class RogueTransport implements \WpOrg\Requests\Transport {

	public function request( $url, $headers = array(), $data = array(), $options = array() ) {
		TransportFloorTest::$sent[] = $url;
		return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{}";
	}

	public function request_multiple( $requests, $options ) {
		return array();
	}

	public static function test( $capabilities = array() ) {
		return true;
	}
}
