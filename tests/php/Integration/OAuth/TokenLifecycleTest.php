<?php

namespace SyncWarden\Tests\Integration\OAuth;

use SyncWarden\Tests\Harness\CanaryScanner;
use SyncWarden\Tests\OAuthTestCase;
use SyncWarden\Tests\Peer;

/**
 * Refresh, rotation, reuse detection, transient failures and revocation against oidc-provider.
 */
final class TokenLifecycleTest extends OAuthTestCase {

	private function test_connection( int $id ): array {
		return $this->rest( 'POST', "/syncwarden/v1/connections/$id/test" )->get_data();
	}

	public function test_an_expiring_token_is_refreshed_and_the_rotated_refresh_token_saved_encrypted(): void {
		$connection = $this->connect( 'calendly' );
		$before     = self::repository()->tokens( $connection['id'] );
		self::expire_access_token( $connection['id'] );

		$result = $this->test_connection( $connection['id'] );

		$this->assertTrue( $result['ok'], $result['message'] );
		$after = self::repository()->tokens( $connection['id'] );
		$this->assertNotSame( $before['access_token'], $after['access_token'] );
		$this->assertNotSame( $before['refresh_token'], $after['refresh_token'], 'rotated' );
		$this->assertStringStartsWith( 'peercanary-rt-', $after['refresh_token'] );
		$this->assertGreaterThan( time() + 300, $after['expires_at'] );
		$scanner = ( new CanaryScanner( array( $before['refresh_token'], $after['refresh_token'], $after['access_token'] ) ) )->scan_database()->scan_file( WP_DEBUG_LOG );
		$this->assertSame( array(), $scanner->findings() );
	}

	public function test_the_refresh_lock_outlives_the_worst_case_of_the_token_request_it_guards(): void {
		global $wpdb;
		$connection = $this->connect( 'calendly' );
		self::expire_access_token( $connection['id'] );
		$expiry = null;
		$watch  = static function ( $preempt, array $args, string $url ) use ( &$expiry, $wpdb, $connection ) {
			if ( null === $expiry && str_ends_with( $url, '/token' ) ) {
				$expiry = (int) $wpdb->get_var( $wpdb->prepare( "SELECT option_value FROM {$wpdb->options} WHERE option_name = %s", 'syncwarden_lock_connection_' . $connection['id'] ) );
			}
			return $preempt;
		};
		add_filter( 'pre_http_request', $watch, 10, 3 );
		try {
			$this->assertTrue( $this->test_connection( $connection['id'] )['ok'] );
		} finally {
			remove_filter( 'pre_http_request', $watch );
		}

		// The token request: one retry, every attempt running into the 15 s timeout. A lock that
		// expired earlier would let a second process present the same single-use refresh token.
		$this->assertGreaterThanOrEqual( time() + \SyncWarden\Http\HttpClient::worst_case_seconds( 1 ) - 5, $expiry );
	}

	public function test_a_401_from_the_api_refreshes_once_and_retries(): void {
		$connection = $this->connect( 'google' );
		Peer::fail_next( '/api/google/calendar/v3/calendars/primary/events', array( 'status' => 401, 'body' => '{"error":"invalid_token"}', 'times' => 1 ) );
		$tokens_before = Peer::stats()['token'];

		$result = $this->test_connection( $connection['id'] );

		$this->assertTrue( $result['ok'], $result['message'] );
		$this->assertSame( $tokens_before + 1, Peer::stats()['token'] );
	}

	public function test_a_401_that_persists_after_a_successful_refresh_is_recorded(): void {
		$connection = $this->connect( 'google' );
		Peer::fail_next( '/api/google/calendar/v3/calendars/primary/events', array( 'status' => 401, 'body' => '{"error":"invalid_token"}', 'times' => 2 ) );
		$tokens_before = Peer::stats()['token'];

		$result = $this->test_connection( $connection['id'] );

		$this->assertFalse( $result['ok'] );
		$this->assertSame( $tokens_before + 1, Peer::stats()['token'], 'refreshed once, successfully' );
		$this->assertSame( 1, $result['connection']['consecutive_failures'] );
		$this->assertSame( 'auth_revoked', $result['connection']['last_error_kind'] );
		$this->assertSame( 'reconnect_needed', $result['connection']['status'], 'a new token refused too: the provider no longer accepts the connection' );
	}

	public function test_a_successful_refresh_does_not_reset_the_failure_streak_of_failing_calls(): void {
		$connection = $this->connect( 'google' );
		Peer::fail_next( '/api/google/calendar/v3/calendars/primary/events', array( 'status' => 503, 'headers' => array( 'Retry-After' => '30' ), 'body' => '{}', 'times' => 3 ) ); // Too long a wait to retry in the call.

		for ( $i = 0; $i < 3; $i++ ) {
			self::expire_access_token( $connection['id'] ); // Short-lived tokens: every call refreshes first.
			$result = $this->test_connection( $connection['id'] );
			$this->assertFalse( $result['ok'] );
		}

		$this->assertSame( 3, $result['connection']['consecutive_failures'] );
		$this->assertSame( 'connected', $result['connection']['status'] );
		$this->assertTrue( $this->test_connection( $connection['id'] )['ok'] );
		$this->assertSame( 0, $this->connections()[0]['consecutive_failures'], 'a call that works ends the streak' );
	}

	public function test_a_connection_of_an_unregistered_provider_is_wiped_and_revoke_all_goes_on(): void {
		$legacy = $this->connect( 'hubspot', array( 'export' ) );
		global $wpdb;
		// A downgrade or a tampered row: the provider is no longer registered.
		$wpdb->update( $wpdb->prefix . 'syncwarden_connections', array( 'provider' => 'legacycrm' ), array( 'id' => $legacy['id'] ) );
		$this->connect( 'google' );
		$google      = current( wp_list_filter( $this->connections(), array( 'provider' => 'google' ) ) );
		$revocations = Peer::stats()['revocation'];

		$response = $this->rest( 'POST', '/syncwarden/v1/connections/revoke-all', array( 'confirm' => true ) );

		$this->assertSame( 200, $response->get_status() );
		$outcomes = $response->get_data()['outcomes'];
		$this->assertSame( 'not_supported', $outcomes[ $legacy['id'] ]['remote'] );
		$this->assertStringContainsString( 'no longer knows this provider', $outcomes[ $legacy['id'] ]['message'] );
		$this->assertSame( 'revoked', $outcomes[ $google['id'] ]['remote'], 'the next connection was still revoked' );
		$this->assertSame( $revocations + 1, Peer::stats()['revocation'] );
		$this->assertSame( array(), $this->connections() );
	}

	public function test_refresh_token_reuse_kills_the_grant_and_flips_to_reconnect_needed(): void {
		$connection = $this->connect( 'calendly' );
		$stale      = self::repository()->tokens( $connection['id'] );
		self::expire_access_token( $connection['id'] );
		$this->assertTrue( $this->test_connection( $connection['id'] )['ok'] );
		// A stale copy of the old refresh token comes back (e.g. a restored backup) and is used.
		self::repository()->save_tokens( $connection['id'], $stale['access_token'], $stale['refresh_token'], time() - 10 );

		$result = $this->test_connection( $connection['id'] );

		$this->assertFalse( $result['ok'] );
		$this->assertSame( 'reconnect_needed', $result['connection']['status'] );
		$this->assertStringContainsString( 'invalid_grant', $result['connection']['last_error'] );
	}

	public function test_transient_failures_back_off_but_never_disconnect(): void {
		$connection = $this->connect( 'google' );
		self::expire_access_token( $connection['id'] );
		Peer::fail_next( '/token', array( 'status' => 503, 'headers' => array( 'Retry-After' => '30' ), 'body' => '{}', 'times' => 5 ) );

		$result = $this->test_connection( $connection['id'] );

		$this->assertFalse( $result['ok'] );
		$this->assertSame( 'connected', $result['connection']['status'], '503 is not a revocation' );
		$this->assertSame( 1, $result['connection']['consecutive_failures'] );
		$this->assertStringContainsString( 'HTTP 503', $result['connection']['last_error'] );
		$tokens  = self::repository()->tokens( $connection['id'] );
		$scanner = ( new CanaryScanner( array( $tokens['access_token'], $tokens['refresh_token'], 'sandbox-google-secret' ) ) )
			->scan_database()
			->scan_file( WP_DEBUG_LOG )
			->scan_rest_response( 'GET connections', $this->rest( 'GET', '/syncwarden/v1/connections' ) );
		$this->assertSame( array(), $scanner->findings(), 'nothing leaks on the failure path either' );
	}

	public function test_429_with_retry_after_is_waited_out_and_succeeds(): void {
		$connection = $this->connect( 'hubspot', array( 'export' ) );
		Peer::fail_next( '/api/hubspot/account-info/v3/details', array( 'status' => 429, 'headers' => array( 'Retry-After' => '1' ), 'body' => '{}', 'times' => 1 ) );

		$started = microtime( true );
		$result  = $this->test_connection( $connection['id'] );

		$this->assertTrue( $result['ok'], $result['message'] );
		$this->assertGreaterThanOrEqual( 1.0, microtime( true ) - $started );
		$this->assertSame( 'HubSpot account 12345678', $result['connection']['account_label'] );
	}

	public function test_disconnect_revokes_at_the_provider_and_wipes_locally(): void {
		$connection = $this->connect( 'google' );
		$refresh    = self::repository()->tokens( $connection['id'] )['refresh_token'];

		$result = $this->rest( 'DELETE', "/syncwarden/v1/connections/{$connection['id']}" )->get_data();

		$this->assertSame( 'revoked', $result['remote'] );
		$this->assertSame( 1, Peer::stats()['revocation'] );
		$this->assertSame( array(), $this->connections() );
		$this->assertSame( array(), ( new CanaryScanner( array( $refresh ) ) )->scan_database()->findings() );
	}

	public function test_microsoft_disconnect_wipes_locally_and_says_where_to_remove_consent(): void {
		$connection = $this->connect( 'microsoft' );

		$result = $this->rest( 'DELETE', "/syncwarden/v1/connections/{$connection['id']}" )->get_data();

		$this->assertSame( 'not_supported', $result['remote'] );
		$this->assertStringContainsString( 'myapplications.microsoft.com', $result['message'] );
		$this->assertSame( 0, Peer::stats()['revocation'] );
		$this->assertSame( array(), $this->connections() );
	}

	public function test_a_failed_remote_revocation_still_wipes_local_secrets(): void {
		$connection = $this->connect( 'google' );
		Peer::fail_next( '/token/revocation', array( 'status' => 500, 'body' => '{}', 'times' => 5 ) );

		$result = $this->rest( 'DELETE', "/syncwarden/v1/connections/{$connection['id']}" )->get_data();

		$this->assertSame( 'failed', $result['remote'] );
		$this->assertSame( array(), $this->connections() );
	}

	public function test_revoke_all_needs_confirmation_and_disconnects_everything(): void {
		$this->connect( 'google' );
		$this->connect( 'calendly' );

		$this->assertSame( 400, $this->rest( 'POST', '/syncwarden/v1/connections/revoke-all' )->get_status() );
		$this->assertCount( 2, $this->connections() );

		$outcomes = $this->rest( 'POST', '/syncwarden/v1/connections/revoke-all', array( 'confirm' => true ) )->get_data()['outcomes'];

		$this->assertCount( 2, $outcomes );
		$this->assertSame( array(), $this->connections() );
		$this->assertSame( 2, Peer::stats()['revocation'] );
	}
}
