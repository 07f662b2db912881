<?php

namespace SyncWarden\Tests\Security;

use SyncWarden\REST\PublicRoutes;
use SyncWarden\Tests\Harness\RouteMatrix;
use SyncWarden\Tests\TestCase;

final class RouteMatrixTest extends TestCase {

	public function test_namespace_has_routes_to_check(): void {
		$routes = array_column( RouteMatrix::endpoints(), 'route' );
		$this->assertContains( '/syncwarden/v1/status', $routes );
	}

	public function test_every_route_refuses_anonymous_subscriber_editor_and_admin_without_valid_nonce(): void {
		$this->assertSame( array(), RouteMatrix::violations( array( self::class, 'create_user' ) ) );
	}

	public function test_the_only_public_routes_are_the_oauth_callback_and_the_three_webhook_endpoints(): void {
		// Which registered routes let an anonymous caller past their permission check, asked of
		// the permission callbacks WordPress actually holds (not of the list that declares them).
		wp_set_current_user( 0 );
		$open = array();
		foreach ( rest_get_server()->get_routes( 'syncwarden/v1' ) as $route => $handlers ) {
			foreach ( $handlers as $handler ) {
				$permission = $handler['permission_callback'] ?? null;
				if ( ! is_callable( $permission ) ) {
					continue; // WordPress's namespace index has none.
				}
				$allowed = call_user_func( $permission, new \WP_REST_Request( 'GET', $route ) );
				if ( true === $allowed ) {
					$open[] = substr( $route, strlen( '/syncwarden/v1' ) );
				}
			}
		}

		$expected = array(
			'/oauth/callback/(?P<provider>[a-z]+)',
			'/webhooks/calendly/(?P<connection>\d+)',
			'/webhooks/google/(?P<connection>\d+)',
			'/webhooks/microsoft/(?P<connection>\d+)',
		);
		$this->assertSame( $expected, array_values( array_unique( $open ) ) );
		$this->assertSame( $expected, array_keys( PublicRoutes::REASONS ), 'each has its reason' );
	}

	public function test_every_public_route_has_a_reason_and_refuses_a_request_that_carries_nothing(): void {
		$this->assertSame( array(), RouteMatrix::public_route_violations() );
	}

	public function test_the_push_routes_are_administrator_only_like_every_other(): void {
		$routes = array_column( RouteMatrix::endpoints(), 'route' );

		$this->assertContains( '/syncwarden/v1/connections/(?P<id>\d+)/push', $routes );
		$this->assertContains( '/syncwarden/v1/connections/(?P<id>\d+)/push/resubscribe', $routes );
		$this->assertFalse( PublicRoutes::is_public( '/connections/(?P<id>\d+)/push' ) );
	}
}
