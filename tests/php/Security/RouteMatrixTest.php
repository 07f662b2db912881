<?php

namespace SyncWarden\Tests\Security;

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
}
