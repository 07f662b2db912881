<?php

namespace SyncWarden\Tests\Integration\Webhooks;

use SyncWarden\REST\WebhooksController;
use SyncWarden\Tests\WebhookTestCase;
use SyncWarden\Webhooks\SecurityEvents;

/**
 * WordPress matches REST routes case-insensitively, so the public routes' gate (rate limits and
 * the size cap) decides on the route WordPress will dispatch to, not on a case-sensitive second
 * look at the path: every spelling that reaches a handler passes the gate first.
 */
final class GateRouteMatchTest extends WebhookTestCase {

	protected function tearDown(): void {
		// The tests below narrow the limits with closures; later tests must see the defaults.
		remove_all_filters( 'syncwarden_webhook_rate_limits' );
		parent::tearDown();
	}

	private function flood( string $route, int $times ): array {
		$statuses = array();
		for ( $i = 0; $i < $times; $i++ ) {
			$statuses[] = $this->deliver( $route, '', array(), '203.0.113.90' )->get_status();
		}
		return array_count_values( $statuses );
	}

	public function test_an_upper_case_webhook_route_is_rate_limited_like_the_lower_case_one(): void {
		add_filter( 'syncwarden_webhook_rate_limits', static fn() => array( 'ip' => array( 'limit' => 10, 'window' => 60 ) ) );

		$counts = $this->flood( '/Webhooks/Google/1', 15 );

		$this->assertSame( 10, $counts[401] ?? 0, 'WordPress dispatched the mixed-case route to the handler' );
		$this->assertSame( 5, $counts[429] ?? 0 );
		$this->assertContains( SecurityEvents::RATE_LIMITED, $this->security_kinds() );
	}

	public function test_an_upper_case_namespace_is_rate_limited_too(): void {
		add_filter( 'syncwarden_webhook_rate_limits', static fn() => array( 'ip' => array( 'limit' => 3, 'window' => 60 ) ) );
		$_SERVER['REMOTE_ADDR'] = '203.0.113.91';
		$statuses               = array();
		for ( $i = 0; $i < 5; $i++ ) {
			$request = new \WP_REST_Request( 'POST', '/SyncWarden/V1/webhooks/calendly/1' );
			$request->set_body( '{}' );
			$statuses[] = rest_do_request( $request )->get_status();
		}

		$this->assertSame( array( 401, 401, 401, 429, 429 ), $statuses );
	}

	public function test_an_oversized_body_on_a_mixed_case_route_is_refused_with_413_before_it_is_parsed(): void {
		$big = '{"padding":"' . str_repeat( 'p', 5 * WebhooksController::MAX_BODY_BYTES ) . '"}';

		$response = $this->deliver( '/WEBHOOKS/calendly/1', $big, array( 'Content-Type' => 'application/json' ) );

		$this->assertSame( 413, $response->get_status() );
		$this->assertSame( array( SecurityEvents::OVERSIZED ), $this->security_kinds() );
	}

	public function test_the_oauth_callback_is_rate_limited_whatever_the_case_of_its_route(): void {
		add_filter( 'syncwarden_webhook_rate_limits', static fn() => array( 'callback' => array( 'limit' => 2, 'window' => 60 ) ) );
		$_SERVER['REMOTE_ADDR'] = '203.0.113.92';
		wp_set_current_user( 0 );
		$statuses = array();
		foreach ( array( '/syncwarden/v1/OAuth/Callback/google', '/SYNCWARDEN/v1/oauth/callback/GOOGLE', '/syncwarden/V1/oauth/CALLBACK/google' ) as $route ) {
			$statuses[] = rest_do_request( new \WP_REST_Request( 'GET', $route ) )->get_status();
		}

		$this->assertSame( 429, $statuses[2] );
		$this->assertNotSame( 429, $statuses[0] );
	}
}
