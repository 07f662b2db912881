<?php

namespace SyncWarden\Tests\Integration\OAuth;

use SyncWarden\Http\HttpError;
use SyncWarden\Tests\OAuthTestCase;
use SyncWarden\Tests\Peer;

/**
 * HubSpot's token endpoint refuses a dead refresh token in its own form, HTTP 400
 * {"status":"BAD_REFRESH_TOKEN",…} (no RFC 6749 `error`; the peer answers the same way); the
 * connection must still flip to "reconnect needed".
 */
final class HubSpotTokenErrorsTest extends OAuthTestCase {

	public function test_a_refresh_token_hubspot_no_longer_holds_asks_to_reconnect(): void {
		$connection = $this->connect( 'hubspot', array( 'export' ) );
		$tokens     = self::repository()->tokens( $connection['id'] );
		// The app was uninstalled at HubSpot: the refresh token SyncWarden holds is unknown there.
		self::repository()->save_tokens( $connection['id'], $tokens['access_token'], 'refresh-token-hubspot-forgot', time() - 10 );

		$result = $this->rest( 'POST', "/syncwarden/v1/connections/{$connection['id']}/test" )->get_data();

		$this->assertSame( 'refresh_token', Peer::stats()['lastTokenRequest']['grant_type'], 'a refresh was attempted' );
		$this->assertFalse( $result['ok'] );
		$this->assertSame( 'reconnect_needed', $result['connection']['status'], wp_json_encode( $result ) );
		$this->assertSame( HttpError::AUTH_REVOKED, $result['connection']['last_error_kind'] );
		$this->assertStringContainsString( '(HTTP 400, BAD_REFRESH_TOKEN). Reconnect it.', $result['connection']['last_error'] );
	}
}
