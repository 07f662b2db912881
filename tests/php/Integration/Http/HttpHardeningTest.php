<?php

namespace SyncWarden\Tests\Integration\Http;

use SyncWarden\Http\HttpClient;
use SyncWarden\Http\HttpError;
use SyncWarden\Http\RetryDelay;
use SyncWarden\Tests\Peer;
use SyncWarden\Tests\TestCase;

/**
 * The hardened client against real TLS servers on loopback.
 */
final class HttpHardeningTest extends TestCase {

	private function expect_refusal( string $kind, callable $call ): HttpError {
		try {
			$call();
		} catch ( HttpError $e ) {
			$this->assertSame( $kind, $e->kind, $e->getMessage() );
			return $e;
		}
		$this->fail( "expected HttpError($kind)" );
	}

	public function test_a_valid_https_call_returns_shaped_json(): void {
		$response = ( new HttpClient() )->request( 'GET', Peer::url() . '/__control/stats', array( 'shape' => array( 'token' => 'int' ) ) );

		$this->assertSame( 200, $response['status'] );
		$this->assertSame( array( 'token' ), array_keys( $response['data'] ) );
	}

	public function test_plain_http_is_refused_before_any_socket_opens(): void {
		$requests = 0;
		$count    = static function ( $pre ) use ( &$requests ) {
			++$requests;
			return $pre;
		};
		add_filter( 'pre_http_request', $count );

		$this->expect_refusal( HttpError::CONFIG, fn() => ( new HttpClient() )->request( 'GET', 'http://127.0.0.1:1/token' ) );

		remove_filter( 'pre_http_request', $count );
		$this->assertSame( 0, $requests );
	}

	public function test_a_tls_1_1_only_server_is_refused(): void {
		$this->expect_refusal( HttpError::CONFIG, fn() => ( new HttpClient() )->request( 'GET', Peer::neighbour( 1 ) . '/' ) );
	}

	/**
	 * OpenSSL 3 refuses TLS 1.1 by default, so the test above would pass without SyncWarden's
	 * floor. Here a separate PHP process runs with the system floor lowered (an OpenSSL config
	 * allowing TLS 1.0 at security level 0): plain cURL then reaches the TLS 1.1-only peer, and
	 * SyncWarden's client must still refuse it.
	 */
	public function test_the_plugins_own_tls_floor_refuses_tls_1_1_when_the_system_would_allow_it(): void {
		$config = wp_tempnam( 'openssl-floor' );
		file_put_contents( $config, "openssl_conf = openssl_init\n[openssl_init]\nssl_conf = ssl_sect\n[ssl_sect]\nsystem_default = system_default_sect\n[system_default_sect]\nMinProtocol = TLSv1\nCipherString = DEFAULT@SECLEVEL=0\n" );
		$process = proc_open(
			array( PHP_BINARY, dirname( __DIR__, 2 ) . '/bin/tls-floor.php', Peer::neighbour( 1 ) . '/', Peer::ca() ),
			array(
				1 => array( 'pipe', 'w' ),
				2 => array( 'pipe', 'w' ),
			),
			$pipes,
			null,
			array( 'OPENSSL_CONF' => $config ) + getenv()
		);
		$outcome = json_decode( (string) stream_get_contents( $pipes[1] ), true );
		$errors  = stream_get_contents( $pipes[2] );
		proc_close( $process );
		unlink( $config );

		$this->assertIsArray( $outcome, $errors );
		$this->assertTrue( $outcome['plain_ok'], 'with the floor lowered plain cURL reaches the TLS 1.1 server: ' . $outcome['plain_error'] );
		$this->assertTrue( $outcome['client_refused'], 'SyncWarden still refuses it' );
		$this->assertSame( HttpError::CONFIG, $outcome['client_kind'], $outcome['client_error'] ?? '' );
	}

	public function test_an_untrusted_certificate_is_refused_and_no_filter_can_turn_verification_off(): void {
		// Every hook WordPress offers, at the plugin's own priority and registered after it (so
		// running after it), switches verification off.
		$off_args = static fn( $args ) => array( 'sslverify' => false ) + $args;
		$off_curl = static function ( $handle ): void {
			curl_setopt( $handle, CURLOPT_SSL_VERIFYPEER, false );
			curl_setopt( $handle, CURLOPT_SSL_VERIFYHOST, 0 );
		};
		add_filter( 'http_request_args', $off_args, PHP_INT_MAX );
		add_filter( 'https_ssl_verify', '__return_false', PHP_INT_MAX );
		add_action( 'http_api_curl', $off_curl, PHP_INT_MAX );
		add_action( 'requests-curl.before_send', $off_curl, PHP_INT_MAX );

		try {
			$this->expect_refusal( HttpError::CONFIG, fn() => ( new HttpClient() )->request( 'GET', Peer::neighbour( 2 ) . '/' ) );
			$works = ( new HttpClient() )->request( 'GET', Peer::url() . '/__control/stats', array( 'shape' => array( 'token' => 'int' ) ) );
		} finally {
			remove_filter( 'http_request_args', $off_args, PHP_INT_MAX );
			remove_filter( 'https_ssl_verify', '__return_false', PHP_INT_MAX );
			remove_action( 'http_api_curl', $off_curl, PHP_INT_MAX );
			remove_action( 'requests-curl.before_send', $off_curl, PHP_INT_MAX );
		}
		$this->assertSame( 200, $works['status'], 'the trusted peer still verifies with its CA' );
	}

	public function test_a_redirect_to_another_host_is_refused(): void {
		$error = $this->expect_refusal( HttpError::INVALID_RESPONSE, fn() => ( new HttpClient() )->request( 'GET', Peer::url() . '/__control/redirect-elsewhere', array( 'shape' => array() ) ) );

		$this->assertStringContainsString( 'localhost', $error->getMessage() );
	}

	public function test_a_redirect_to_another_port_of_the_same_host_is_refused_before_anything_is_resent(): void {
		Peer::reset();
		// The TLS 1.1-only neighbour is on the same host: had the redirect been followed, the call
		// would fail in the TLS handshake (CONFIG), after re-sending the secret form body.
		Peer::fail_next( '/token', array( 'status' => 307, 'headers' => array( 'Location' => Peer::neighbour( 1 ) . '/token' ), 'body' => '', 'times' => 1 ) );

		$error = $this->expect_refusal( HttpError::INVALID_RESPONSE, fn() => ( new HttpClient() )->request( 'POST', Peer::url() . '/token', array( 'form' => array( 'client_secret' => 'must-not-travel' ), 'shape' => array() ) ) );

		$this->assertStringContainsString( ':' . wp_parse_url( Peer::neighbour( 1 ), PHP_URL_PORT ), $error->getMessage() );
		$this->assertStringContainsString( 'another server', $error->getMessage() );
	}

	public function test_origins_compare_scheme_host_and_port_with_the_default_port_made_explicit(): void {
		$this->assertSame( HttpClient::origin( 'https://Example.test/a' ), HttpClient::origin( 'https://example.test:443/b?c' ) );
		$this->assertNotSame( HttpClient::origin( 'https://example.test:9610/token' ), HttpClient::origin( 'https://example.test:9616/token' ) );
		$this->assertNotSame( HttpClient::origin( 'http://example.test/' ), HttpClient::origin( 'https://example.test/' ) );
	}

	public function test_hosts_outside_the_allowlist_are_refused(): void {
		$this->expect_refusal( HttpError::CONFIG, fn() => ( new HttpClient() )->request( 'GET', Peer::url() . '/__control/stats', array( 'allowed_hosts' => array( 'oauth2.googleapis.com' ) ) ) );
	}

	public function test_429_waits_for_retry_after_with_capped_backoff(): void {
		Peer::reset();
		Peer::fail_next( '/__control/stats', array( 'status' => 429, 'headers' => array( 'Retry-After' => '2' ), 'body' => '{}', 'times' => 1 ) );
		$waits = array();

		( new HttpClient( static function ( float $s ) use ( &$waits ) { $waits[] = $s; } ) )->request( 'GET', Peer::url() . '/__control/stats', array( 'shape' => array( 'token' => 'int' ) ) );

		$this->assertCount( 1, $waits );
		$this->assertGreaterThanOrEqual( 2.0, $waits[0] );
		$this->assertLessThanOrEqual( 2.5, $waits[0], 'jitter is at most 25 %' );
	}

	public function test_a_retry_after_longer_than_the_budget_fails_fast_as_transient(): void {
		Peer::reset();
		Peer::fail_next( '/__control/stats', array( 'status' => 503, 'headers' => array( 'Retry-After' => '120' ), 'body' => '{}', 'times' => 1 ) );

		$error = $this->expect_refusal( HttpError::TRANSIENT, fn() => ( new HttpClient( static fn() => null ) )->request( 'GET', Peer::url() . '/__control/stats' ) );

		$this->assertSame( 120, $error->retry_after );
	}

	public function test_backoff_grows_exponentially_and_is_capped(): void {
		$this->assertEqualsWithDelta( 0.5, RetryDelay::backoff( 0, null ), 0.126 );
		$this->assertEqualsWithDelta( 2.0, RetryDelay::backoff( 2, null ), 0.51 );
		$this->assertLessThanOrEqual( 10.0, RetryDelay::backoff( 10, null ) );
	}

	public function test_errors_never_carry_secrets(): void {
		$error = $this->expect_refusal( HttpError::CONFIG, fn() => ( new HttpClient() )->request( 'GET', 'http://127.0.0.1/token?client_secret=leak-me-123&code=leak-code-456' ) );

		$this->assertStringNotContainsString( 'leak-me-123', $error->getMessage() );
		$this->assertStringNotContainsString( 'leak-code-456', $error->getMessage() );
	}
}
