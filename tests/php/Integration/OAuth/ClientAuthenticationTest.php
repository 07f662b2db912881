<?php

namespace SyncWarden\Tests\Integration\OAuth;

use SyncWarden\Http\HttpError;
use SyncWarden\Tests\OAuthTestCase;
use SyncWarden\Tests\Peer;

/**
 * Each provider's token and revocation endpoints get the client credentials the way its
 * documentation says (the peer refuses any other way, as an RFC 6749 §2.3.1 server may), and a
 * refused client ID or secret reads as a setting to fix, never as "reconnect".
 */
final class ClientAuthenticationTest extends OAuthTestCase {

	public function test_calendly_connects_refreshes_and_revokes_with_basic_authentication_at_its_token_endpoint(): void {
		$connection = $this->connect( 'calendly' );

		$exchange = Peer::stats()['lastTokenRequest'];
		$this->assertSame( 'authorization_code', $exchange['grant_type'] );
		$this->assertArrayNotHasKey( 'client_secret', $exchange, 'Calendly takes a web client’s secret only in the Authorization header' );

		self::expire_access_token( $connection['id'] );
		$this->assertTrue( $this->rest( 'POST', "/syncwarden/v1/connections/{$connection['id']}/test" )->get_data()['ok'] );
		$this->assertSame( 'refresh_token', Peer::stats()['lastTokenRequest']['grant_type'] );

		$result = $this->rest( 'DELETE', "/syncwarden/v1/connections/{$connection['id']}" )->get_data();
		$this->assertSame( 'revoked', $result['remote'], wp_json_encode( $result ) );
		$this->assertSame( 1, Peer::stats()['revocation'] );
	}

	public function test_a_refused_client_secret_at_connect_says_check_settings_and_stores_nothing(): void {
		$response = $this->rest( 'PUT', '/syncwarden/v1/providers/google/credentials', array( 'client_id' => 'sandbox-google', 'client_secret' => 'not-the-secret' ) );
		$this->assertSame( 200, $response->get_status() );

		$this->assertSame( 'client_refused', $this->return_from_provider( 'google', Peer::consent( $this->authorize_url( 'google' ) ) ) );
		$this->assertSame( array(), $this->connections() );
	}

	public function test_a_refused_client_secret_at_refresh_is_a_configuration_error_not_reconnect(): void {
		$connection = $this->connect( 'hubspot', array( 'export' ) );
		$this->rest( 'PUT', '/syncwarden/v1/providers/hubspot/credentials', array( 'client_id' => 'sandbox-hubspot', 'client_secret' => 'rotated-elsewhere' ) );
		self::expire_access_token( $connection['id'] );

		$result = $this->rest( 'POST', "/syncwarden/v1/connections/{$connection['id']}/test" )->get_data();

		$this->assertFalse( $result['ok'] );
		$this->assertStringContainsString( 'client ID or secret', $result['message'] );
		$this->assertStringNotContainsString( 'Reconnect', $result['message'] );
		$this->assertSame( 'connected', $result['connection']['status'], 'the grant is fine; the settings are not' );
		$this->assertSame( HttpError::CONFIG, $result['connection']['last_error_kind'] );
	}

	public function test_a_refused_client_secret_at_revocation_says_check_the_client_id_and_secret_not_reconnect(): void {
		$connection = $this->connect( 'google' );
		Peer::fail_next( '/token/revocation', array( 'status' => 401, 'body' => array( 'error' => 'invalid_client' ) ) );

		$result = $this->rest( 'DELETE', "/syncwarden/v1/connections/{$connection['id']}" )->get_data();

		$this->assertSame( 'failed', $result['remote'], wp_json_encode( $result ) );
		$this->assertStringContainsString( 'client ID or secret (HTTP 401, invalid_client)', $result['message'] );
		$this->assertStringContainsString( 'Check them under Settings', $result['message'] );
		$this->assertStringNotContainsString( 'Reconnect', $result['message'] );
		$this->assertSame( array(), $this->connections(), 'the local tokens are wiped all the same' );
	}
}
