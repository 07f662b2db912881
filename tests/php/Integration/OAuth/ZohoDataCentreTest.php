<?php

namespace SyncWarden\Tests\Integration\OAuth;

use SyncWarden\Http\HttpError;
use SyncWarden\Providers\ZohoProvider;
use SyncWarden\Tests\Harness\ZohoDataCentreHosts;
use SyncWarden\Tests\Harness\ZohoHostsAtPeer;
use SyncWarden\Tests\OAuthTestCase;
use SyncWarden\Tests\Peer;

/**
 * A Zoho grant lives at its account's data centre: refresh and revocation go to that accounts
 * server (re-checked against Zoho's list at every use), never to the configured US default.
 */
final class ZohoDataCentreTest extends OAuthTestCase {
	use ZohoHostsAtPeer;

	/** Makes a peer-made connection look as if Zoho's callback had named another accounts server. */
	private static function store_accounts_server( int $id, string $token_endpoint ): void {
		global $wpdb;
		$wpdb->update( $wpdb->prefix . 'syncwarden_connections', array( 'token_endpoint' => $token_endpoint ), array( 'id' => $id ) );
	}

	public function test_eu_and_au_connections_refresh_and_revoke_at_their_own_accounts_server(): void {
		$zoho      = new ZohoProvider();
		$endpoints = $zoho->default_endpoints();

		$this->assertSame( 'https://accounts.zoho.eu/oauth/v2/token', $zoho->connection_endpoint( 'token', $endpoints, 'https://accounts.zoho.eu/oauth/v2/token' ) );
		$this->assertSame( 'https://accounts.zoho.eu/oauth/v2/token/revoke', $zoho->connection_endpoint( 'revoke', $endpoints, 'https://accounts.zoho.eu/oauth/v2/token' ) );
		$this->assertSame( 'https://accounts.zoho.com.au/oauth/v2/token/revoke', $zoho->connection_endpoint( 'revoke', $endpoints, 'https://accounts.zoho.com.au/oauth/v2/token' ) );
		$this->assertSame( $endpoints['revoke'], $zoho->connection_endpoint( 'revoke', $endpoints, $endpoints['token'] ), 'US accounts: the configured server' );
	}

	public function test_a_stored_accounts_server_outside_zohos_list_is_refused_at_use_time(): void {
		$zoho = new ZohoProvider();
		foreach ( array( 'https://accounts.zoho.eu.attacker.test/oauth/v2/token', 'http://accounts.zoho.eu/oauth/v2/token', 'https://user@accounts.zoho.eu/oauth/v2/token', '' ) as $stored ) {
			try {
				$zoho->connection_endpoint( 'revoke', $zoho->default_endpoints(), $stored );
				$this->fail( "accepted $stored" );
			} catch ( HttpError $e ) {
				$this->assertSame( HttpError::CONFIG, $e->kind, $stored );
			}
		}
	}

	/**
	 * The grant was issued by the configured (US) server; the connection says it lives at
	 * accounts.zoho.eu. The real EU host name is routed to the peer (ZohoDataCentreHosts), so the
	 * revocation never leaves this machine: the peer's EU server does not hold the grant and
	 * answers as Zoho does, and the US grant is untouched.
	 */
	public function test_disconnecting_an_eu_connection_never_revokes_at_the_default_server(): void {
		$connection    = $this->connect( 'zoho', array( 'export' ) );
		$refresh_token = (string) self::repository()->tokens( $connection['id'] )['refresh_token'];
		self::store_accounts_server( $connection['id'], 'https://accounts.zoho.eu/oauth/v2/token' );

		$result = $this->rest( 'DELETE', "/syncwarden/v1/connections/{$connection['id']}" )->get_data();

		$this->assertSame( 1, Peer::stats()['revocation'], 'one revocation, sent to accounts.zoho.eu (played by the peer)' );
		$this->assertSame( 'failed', $result['remote'], 'the EU server does not hold a US grant, and the admin is told so' );
		$this->assertArrayHasKey( 'access_token', ZohoDataCentreHosts::refresh_at( Peer::url(), $refresh_token ), 'the configured (US) server got nothing: its grant still works' );
		$this->assertSame( array(), $this->connections(), 'the local tokens are gone either way' );
	}

	public function test_a_tampered_accounts_server_gets_no_refresh_token(): void {
		$connection = $this->connect( 'zoho', array( 'export' ) );
		self::store_accounts_server( $connection['id'], 'https://accounts.zoho.eu.attacker.test/oauth/v2/token' );
		self::expire_access_token( $connection['id'] );
		$before = Peer::stats()['token'];

		$result = $this->rest( 'POST', "/syncwarden/v1/connections/{$connection['id']}/test" )->get_data();

		$this->assertFalse( $result['ok'] );
		$this->assertSame( HttpError::CONFIG, $result['connection']['last_error_kind'], $result['message'] );
		$this->assertStringContainsString( 'not one of Zoho’s data centres', $result['message'] );
		$this->assertSame( $before, Peer::stats()['token'] );
	}
}
