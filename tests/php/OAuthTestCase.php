<?php

namespace SyncWarden\Tests;

use SyncWarden\Storage\ConnectionsRepository;
use SyncWarden\Storage\KeyRing;
use SyncWarden\Storage\Vault;

/**
 * Drives the real OAuth flow against the local peer: credentials through REST, consent through
 * the peer's own pages, the callback as the browser would bring it (logged-in cookie, no nonce).
 */
abstract class OAuthTestCase extends TestCase {

	protected int $admin_id;

	protected function setUp(): void {
		parent::setUp();
		Peer::reset();
		$this->admin_id = $this->log_in_as( 'administrator' );
	}

	protected function tearDown(): void {
		unset( $_COOKIE[ LOGGED_IN_COOKIE ] );
		parent::tearDown();
	}

	protected function configure( string $provider ): void {
		if ( defined( 'SYNCWARDEN_' . strtoupper( $provider ) . '_CLIENT_ID' ) ) {
			return; // Comes from wp-config (the test bootstrap); nothing to enter.
		}
		$response = $this->rest( 'PUT', "/syncwarden/v1/providers/$provider/credentials", array( 'client_id' => "sandbox-$provider", 'client_secret' => "sandbox-$provider-secret" ) );
		$this->assertSame( 200, $response->get_status(), wp_json_encode( $response->get_data() ) );
	}

	protected function authorize_url( string $provider, array $features = array( 'import' ) ): string {
		$response = $this->rest( 'POST', "/syncwarden/v1/connections/$provider/authorize", array( 'features' => $features ) );
		$this->assertSame( 200, $response->get_status(), wp_json_encode( $response->get_data() ) );
		return $response->get_data()['authorize_url'];
	}

	/**
	 * The provider's redirect as the administrator's browser brings it back: logged-in cookie,
	 * no REST nonce. Returns the result code the settings screen would show.
	 *
	 * @param string $provider Provider id.
	 * @param array  $query    Callback query.
	 * @param int    $user_id  Whose browser (default: the test's administrator).
	 */
	protected function return_from_provider( string $provider, array $query, ?int $user_id = null ): string {
		$user_id                     = $user_id ?? $this->admin_id;
		$_COOKIE[ LOGGED_IN_COOKIE ] = wp_generate_auth_cookie( $user_id, time() + 3600, 'logged_in' );
		wp_set_current_user( 0 );
		$request = new \WP_REST_Request( 'GET', "/syncwarden/v1/oauth/callback/$provider" );
		$request->set_query_params( $query );
		$response = rest_do_request( $request );
		wp_set_current_user( $this->admin_id );
		$this->assertSame( 302, $response->get_status() );
		parse_str( (string) wp_parse_url( $response->get_headers()['Location'], PHP_URL_QUERY ), $landing );
		return (string) ( $landing['syncwarden_result'] ?? '' );
	}

	protected function connect( string $provider, array $features = array( 'import' ) ): array {
		$this->configure( $provider );
		$this->assertSame( 'connected', $this->return_from_provider( $provider, Peer::consent( $this->authorize_url( $provider, $features ) ) ) );
		// The one just made: with other connections on the site the list's first may be another provider's.
		$mine = array_values( array_filter( $this->connections(), static fn( array $connection ): bool => $connection['provider'] === $provider ) );
		usort( $mine, static fn( array $a, array $b ): int => $b['id'] <=> $a['id'] );
		return $mine[0];
	}

	protected function connections(): array {
		return $this->rest( 'GET', '/syncwarden/v1/connections' )->get_data();
	}

	/** The site's own connections repository (same vault as the plugin). */
	protected static function repository(): ConnectionsRepository {
		return new ConnectionsRepository( new Vault( KeyRing::from_wp_config() ) );
	}

	/** Makes the stored access token look expired so the next use refreshes it. */
	protected static function expire_access_token( int $id ): void {
		global $wpdb;
		$wpdb->update( $wpdb->prefix . 'syncwarden_connections', array( 'access_expires_at' => time() - 10 ), array( 'id' => $id ) );
	}
}
