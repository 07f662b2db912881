<?php

namespace SyncWarden\Tests\Integration\OAuth;

use SyncWarden\Http\HttpError;
use SyncWarden\Tests\OAuthTestCase;
use SyncWarden\Tests\Peer;

/**
 * Zoho reports a dead refresh token as HTTP 200 with {"error":"invalid_code"} (not RFC 6749's
 * 400 invalid_grant); the connection must still flip to "reconnect needed".
 */
final class ZohoTokenErrorsTest extends OAuthTestCase {

	public function test_a_dead_zoho_refresh_token_answered_invalid_code_with_200_asks_to_reconnect(): void {
		$connection = $this->connect( 'zoho', array( 'export' ) );
		$refresh    = (string) self::repository()->tokens( $connection['id'] )['refresh_token'];
		// The user removed the app at Zoho: the grant is gone on Zoho's side.
		( new \SyncWarden\Http\HttpClient() )->request(
			'POST',
			Peer::url() . '/token/revocation',
			array( 'form' => array( 'token' => $refresh ) ) // Zoho's revocation takes the token alone.
		);
		self::expire_access_token( $connection['id'] );

		$result = $this->rest( 'POST', "/syncwarden/v1/connections/{$connection['id']}/test" )->get_data();

		$this->assertFalse( $result['ok'] );
		$this->assertSame( 'reconnect_needed', $result['connection']['status'], wp_json_encode( $result ) );
		$this->assertSame( HttpError::AUTH_REVOKED, $result['connection']['last_error_kind'] );
	}

	public function test_a_200_token_answer_without_an_access_token_is_refused_as_invalid(): void {
		$connection = $this->connect( 'zoho', array( 'export' ) );
		Peer::fail_next( '/token', array( 'status' => 200, 'body' => array( 'token_type' => 'Bearer' ) ) );
		self::expire_access_token( $connection['id'] );

		$result = $this->rest( 'POST', "/syncwarden/v1/connections/{$connection['id']}/test" )->get_data();

		$this->assertFalse( $result['ok'] );
		$this->assertSame( 'connected', $result['connection']['status'], 'an odd answer is no reason to give up the grant' );
		$this->assertSame( HttpError::INVALID_RESPONSE, $result['connection']['last_error_kind'] );
	}

	public function test_a_revocation_is_reported_done_only_when_zoho_says_success_in_the_body(): void {
		$confirmed = $this->connect( 'zoho', array( 'export' ) );
		$this->assertSame( 'revoked', $this->rest( 'DELETE', "/syncwarden/v1/connections/{$confirmed['id']}" )->get_data()['remote'], 'the peer answers {"status":"success"}' );

		$unconfirmed = $this->connect( 'zoho', array( 'export' ) );
		Peer::fail_next( '/token/revocation', array( 'status' => 200, 'body' => array( 'error' => 'invalid_code' ) ) );
		$result = $this->rest( 'DELETE', "/syncwarden/v1/connections/{$unconfirmed['id']}" )->get_data();

		$this->assertSame( 'failed', $result['remote'], 'HTTP 200 alone is no confirmation at Zoho' );
		$this->assertStringContainsString( 'could not confirm the revocation', $result['message'] );
		$this->assertSame( array(), $this->connections(), 'the local tokens are gone either way' );
	}
}
