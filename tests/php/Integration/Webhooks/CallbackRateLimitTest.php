<?php

namespace SyncWarden\Tests\Integration\Webhooks;

use SyncWarden\Tests\WebhookTestCase;
use SyncWarden\Webhooks\SecurityEvents;

/**
 * The OAuth callback is the other public route: it is rate-limited per client address too, in a
 * bucket of its own.
 */
final class CallbackRateLimitTest extends WebhookTestCase {

	private function return_to_callback( string $ip ): \WP_REST_Response {
		$_SERVER['REMOTE_ADDR'] = $ip;
		wp_set_current_user( 0 );
		$request = new \WP_REST_Request( 'GET', '/syncwarden/v1/oauth/callback/google' );
		$request->set_query_params(
			array(
				'code'  => 'guessed',
				'state' => 'guessed',
			)
		);
		return rest_do_request( $request );
	}

	public function test_a_flood_of_callbacks_from_one_address_is_answered_429_and_others_are_unaffected(): void {
		$statuses = array();
		for ( $i = 0; $i < 32; $i++ ) {
			$statuses[] = $this->return_to_callback( '203.0.113.50' )->get_status();
		}
		$limited = $this->return_to_callback( '203.0.113.50' );

		$this->assertSame( array_fill( 0, 30, 302 ), array_slice( $statuses, 0, 30 ), 'a browser is sent to log in' );
		$this->assertSame( 429, $limited->get_status() );
		$this->assertGreaterThanOrEqual( 1, (int) $limited->get_headers()['Retry-After'] );
		$this->assertSame( 302, $this->return_to_callback( '198.51.100.60' )->get_status(), 'another address is not affected' );
		$this->assertSame( 401, $this->deliver( '/webhooks/google/1', '', array(), '203.0.113.50' )->get_status(), 'nor are the webhook routes' );
		$this->assertContains( SecurityEvents::RATE_LIMITED, $this->security_kinds() );
	}
}
