<?php

namespace SyncWarden\Tests\Integration\OAuth;

use SyncWarden\Audit\AuditLog;
use SyncWarden\Tests\Harness\CanaryScanner;
use SyncWarden\Tests\OAuthTestCase;
use SyncWarden\Tests\Peer;

/**
 * Authorization code + PKCE + state against a real authorization server (oidc-provider).
 */
final class OAuthFlowTest extends OAuthTestCase {

	private const TOKEN_CANARIES = array( 'peercanary-at-', 'peercanary-rt-', 'peercanary-code-' );

	private function assert_no_secret_leaked( array $extra = array() ): void {
		$scanner = new CanaryScanner( array_merge( self::TOKEN_CANARIES, array( 'sandbox-google-secret' ), $extra ) );
		$scanner->scan_database()->scan_file( WP_DEBUG_LOG );
		foreach ( array( '/syncwarden/v1/connections', '/syncwarden/v1/providers', '/syncwarden/v1/vault', '/syncwarden/v1/status' ) as $route ) {
			$scanner->scan_rest_response( $route, $this->rest( 'GET', $route ) );
		}
		$this->assertSame( array(), $scanner->findings() );
	}

	public function test_authorize_url_carries_pkce_s256_state_and_only_the_chosen_scopes(): void {
		$this->configure( 'google' );

		parse_str( (string) wp_parse_url( $this->authorize_url( 'google', array( 'import' ) ), PHP_URL_QUERY ), $query );

		$this->assertSame( 'S256', $query['code_challenge_method'] );
		$this->assertMatchesRegularExpression( '/^[A-Za-z0-9_-]{43}$/', $query['code_challenge'] );
		$this->assertGreaterThanOrEqual( 43, strlen( $query['state'] ) );
		$this->assertSame( 'https://www.googleapis.com/auth/calendar.events.readonly', $query['scope'] );
		$this->assertSame( rest_url( 'syncwarden/v1/oauth/callback/google' ), $query['redirect_uri'] );
		$this->assertArrayNotHasKey( 'code_verifier', $query );
	}

	public function test_full_connect_stores_encrypted_tokens_granted_scopes_and_the_account(): void {
		$connection = $this->connect( 'google' );

		$this->assertSame( 'connected', $connection['status'] );
		$this->assertSame( array( 'https://www.googleapis.com/auth/calendar.events.readonly' ), $connection['granted_scopes'] );
		$this->assertSame( array(), $connection['missing_scopes'] );
		$this->assertSame( 'sandbox-user@example.test', $connection['account_label'] );
		$this->assertTrue( $connection['has_refresh_token'] );
		$this->assertGreaterThan( time(), $connection['access_expires_at'] );
		$this->assertStringStartsWith( 'peercanary-at-', self::repository()->tokens( $connection['id'] )['access_token'] );
		$verifier = (string) ( Peer::stats()['lastTokenRequest']['code_verifier'] ?? '' );
		$this->assertGreaterThanOrEqual( 43, strlen( $verifier ) );
		$this->assert_no_secret_leaked( array( $verifier ) );
		$this->assertContains( 'connection.connected', array_column( ( new AuditLog() )->recent( 5 ), 'event' ) );
	}

	public function test_a_scope_the_user_unticked_disables_its_feature(): void {
		$this->configure( 'microsoft' );
		$url = $this->authorize_url( 'microsoft', array( 'import', 'export' ) ) . '&peer_drop_scope=Calendars.ReadWrite';

		$this->assertSame( 'connected', $this->return_from_provider( 'microsoft', Peer::consent( $url ) ) );

		$connection = $this->connections()[0];
		$this->assertSame( array( 'Calendars.ReadWrite' ), $connection['missing_scopes'] );
		$this->assertSame( array( 'requested' => true, 'granted' => false ), $connection['features']['export'] );
		$this->assertSame( array( 'requested' => true, 'granted' => true ), $connection['features']['import'] );
	}

	public function test_access_denied_is_explained_and_stores_nothing(): void {
		$this->configure( 'google' );

		$this->assertSame( 'access_denied', $this->return_from_provider( 'google', Peer::consent( $this->authorize_url( 'google' ), true ) ) );

		$this->assertSame( array(), $this->connections() );
		$this->assertSame( 0, Peer::stats()['token'] );
	}

	public function test_replayed_missing_foreign_and_expired_states_store_nothing(): void {
		$this->configure( 'google' );
		$query = Peer::consent( $this->authorize_url( 'google' ) );
		$other = self::create_user( 'administrator' );

		$this->assertSame( 'state_foreign', $this->return_from_provider( 'google', $query, $other ) );
		$this->assertSame( 'state_invalid', $this->return_from_provider( 'google', $query ), 'the state is burnt even by a refused attempt' );
		$this->assertSame( 'state_missing', $this->return_from_provider( 'google', array( 'code' => $query['code'] ) ) );

		$expired_query = Peer::consent( $this->authorize_url( 'google' ) );
		global $wpdb;
		foreach ( $wpdb->get_col( "SELECT option_name FROM {$wpdb->options} WHERE option_name LIKE 'syncwarden_oauth_state_%'" ) as $name ) {
			$pending               = get_option( $name );
			$pending['expires_at'] = time() - 1;
			update_option( $name, $pending, false );
		}
		$this->assertSame( 'state_expired', $this->return_from_provider( 'google', $expired_query ) );

		$this->assertSame( array(), $this->connections() );
		$this->assertSame( 0, Peer::stats()['token'] );
	}

	public function test_a_callback_on_another_providers_url_is_refused(): void {
		$this->configure( 'google' );

		$this->assertSame( 'state_provider', $this->return_from_provider( 'calendly', Peer::consent( $this->authorize_url( 'google' ) ) ) );
		$this->assertSame( array(), $this->connections() );
	}

	public function test_a_callback_for_a_provider_syncwarden_does_not_know_says_so_and_stores_nothing(): void {
		$this->configure( 'google' );

		$this->assertSame( 'unknown_provider', $this->return_from_provider( 'nosuch', Peer::consent( $this->authorize_url( 'google' ) ) ) );
		$this->assertSame( array(), $this->connections() );
	}

	public function test_a_replayed_callback_cannot_connect_twice_and_the_code_is_single_use(): void {
		$this->configure( 'google' );
		$query = Peer::consent( $this->authorize_url( 'google' ) );

		$this->assertSame( 'connected', $this->return_from_provider( 'google', $query ) );
		$this->assertSame( 'state_invalid', $this->return_from_provider( 'google', $query ) );

		$this->assertCount( 1, $this->connections() );
		$this->assertSame( 1, Peer::stats()['token'] );
	}

	public function test_the_authorization_server_refuses_a_second_exchange_of_the_same_code(): void {
		$this->connect( 'google' );
		$first = Peer::stats()['lastTokenRequest'];

		$this->assertSame( 'authorization_code', $first['grant_type'] );

		try {
			( new \SyncWarden\Http\HttpClient() )->request( 'POST', Peer::url() . '/token', array( 'form' => $first, 'shape' => array() ) );
			$this->fail( 'a replayed code was exchanged' );
		} catch ( \SyncWarden\Http\HttpError $e ) {
			$this->assertSame( 'invalid_grant', $e->oauth_error );
			$this->assertSame( \SyncWarden\Http\HttpError::AUTH_REVOKED, $e->kind );
		}
	}

	public function test_pkce_verifier_mismatch_is_refused_by_the_server_and_stores_nothing(): void {
		$this->configure( 'google' );
		$url = $this->authorize_url( 'google' );
		// Swap the challenge for one of a verifier SyncWarden does not hold.
		$forged = preg_replace( '/code_challenge=[^&]+/', 'code_challenge=' . \SyncWarden\OAuth\Pkce::challenge( \SyncWarden\OAuth\Pkce::verifier() ), $url );

		$this->assertSame( 'exchange_failed', $this->return_from_provider( 'google', Peer::consent( $forged ) ) );
		$this->assertSame( array(), $this->connections() );
	}

	public function test_zoho_accounts_server_outside_the_allowlist_is_refused_before_any_token_request(): void {
		$this->configure( 'zoho' );
		$query                    = Peer::consent( $this->authorize_url( 'zoho', array( 'export' ) ) );
		$query['accounts-server'] = 'https://accounts.zoho.com.attacker.test';

		$this->assertSame( 'config_error', $this->return_from_provider( 'zoho', $query ) );
		$this->assertSame( 0, Peer::stats()['token'], 'the client secret never left' );
		$this->assertSame( array(), $this->connections() );
	}

	public function test_an_issuer_other_than_the_server_we_sent_the_admin_to_is_refused(): void {
		$this->configure( 'google' );
		$query = Peer::consent( $this->authorize_url( 'google' ) );
		$this->assertSame( Peer::url(), $query['iss'], 'the peer identifies itself (RFC 9207)' );
		$query['iss'] = 'https://attacker.example';

		$this->assertSame( 'issuer_mismatch', $this->return_from_provider( 'google', $query ) );
		$this->assertSame( 0, Peer::stats()['token'] );
		$this->assertSame( array(), $this->connections() );
	}

	/**
	 * @dataProvider array_valued_callbacks
	 */
	public function test_array_valued_callback_parameters_are_refused_without_a_php_warning( string $provider, array $query ): void {
		$this->configure( $provider );
		$this->authorize_url( $provider, array( 'export' ) );
		$warnings = array();
		set_error_handler(
			static function ( int $errno, string $message ) use ( &$warnings ): bool {
				$warnings[] = $message;
				return true;
			}
		);
		try {
			$result = $this->return_from_provider( $provider, $query );
		} finally {
			restore_error_handler();
		}

		$this->assertSame( array(), $warnings );
		$this->assertNotSame( 'connected', $result );
		$this->assertSame( 0, Peer::stats()['token'] );
		$this->assertSame( array(), $this->connections() );
	}

	public static function array_valued_callbacks(): array {
		return array(
			'code[] and state[]' => array( 'hubspot', array( 'code' => array( '1' ), 'state' => array( '2' ) ) ),
			'code[] alone'       => array( 'hubspot', array( 'code' => array( '1' ), 'state' => 'unknown' ) ),
		);
	}

	public function test_an_array_valued_zoho_accounts_server_is_refused_without_a_php_warning(): void {
		$this->configure( 'zoho' );
		$query                    = Peer::consent( $this->authorize_url( 'zoho', array( 'export' ) ) );
		$query['accounts-server'] = array( 'https://accounts.zoho.eu' );
		$warnings                 = array();
		set_error_handler(
			static function ( int $errno, string $message ) use ( &$warnings ): bool {
				$warnings[] = $message;
				return true;
			}
		);
		try {
			$result = $this->return_from_provider( 'zoho', $query );
		} finally {
			restore_error_handler();
		}

		$this->assertSame( array(), $warnings );
		$this->assertSame( 'config_error', $result );
		$this->assertSame( 0, Peer::stats()['token'] );
	}

	public function test_google_callback_without_iss_is_refused_because_google_sends_it(): void {
		$this->configure( 'google' );
		$query = Peer::consent( $this->authorize_url( 'google' ) );
		unset( $query['iss'] ); // RFC 9207 2.4: a client that expects iss rejects a response without it.

		$this->assertSame( 'issuer_mismatch', $this->return_from_provider( 'google', $query ) );
		$this->assertSame( 0, Peer::stats()['token'] );
		$this->assertSame( array(), $this->connections() );
	}

	/**
	 * @dataProvider issuers_of_the_same_origin
	 */
	public function test_google_iss_is_compared_exactly_not_by_origin( string $suffix ): void {
		$this->configure( 'google' );
		$query        = Peer::consent( $this->authorize_url( 'google' ) );
		$query['iss'] = Peer::url() . $suffix;

		$this->assertSame( 'issuer_mismatch', $this->return_from_provider( 'google', $query ) );
		$this->assertSame( 0, Peer::stats()['token'] );
	}

	public static function issuers_of_the_same_origin(): array {
		return array(
			'another issuer on the same host' => array( '/tenant-b' ),
			'a trailing slash'                => array( '/' ),
			'query string'                    => array( '?x=1' ),
		);
	}

	/**
	 * @dataProvider bad_token_responses
	 */
	public function test_bad_token_responses_store_nothing( array $fault ): void {
		$this->configure( 'google' );
		$query = Peer::consent( $this->authorize_url( 'google' ) );
		Peer::fail_next( '/token', $fault + array( 'times' => 1 ) );
		// (A single 5xx is retried once and succeeds; "server down" fails every retry.)

		$this->assertContains( $this->return_from_provider( 'google', $query ), array( 'exchange_failed', 'config_error' ) );
		$this->assertSame( array(), $this->connections() );
	}

	public static function bad_token_responses(): array {
		return array(
			'oversized'        => array( array( 'status' => 200, 'bodyBytes' => 3000000 ) ),
			'schema-invalid'   => array( array( 'status' => 200, 'body' => '{"token":"peercanary-at-x","expires_in":"soon"}', 'headers' => array( 'Content-Type' => 'application/json' ) ) ),
			'not json'         => array( array( 'status' => 200, 'body' => '<html>login</html>' ) ),
			'server down'      => array( array( 'status' => 500, 'body' => '{}', 'times' => 5 ) ),
		);
	}
}
