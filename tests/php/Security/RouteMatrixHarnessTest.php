<?php

namespace SyncWarden\Tests\Security;

use SyncWarden\REST\Router;
use SyncWarden\Tests\Harness\RouteMatrix;
use SyncWarden\Tests\TestCase;

/**
 * Proves the route matrix can fail: deliberately bad routes, registered only inside these tests.
 */
final class RouteMatrixHarnessTest extends TestCase {

	private function register_bad_route( string $route, callable $permission, string $methods = 'POST' ): void {
		rest_get_server();
		register_rest_route(
			Router::NAMESPACE,
			$route,
			array(
				'methods'             => $methods,
				'callback'            => static fn() => array( 'leaked' => true ),
				'permission_callback' => $permission,
			)
		);
	}

	public function test_matrix_flags_a_route_anyone_can_call(): void {
		$this->register_bad_route( '/harness-open', '__return_true' );

		$violations = RouteMatrix::violations( array( self::class, 'create_user' ) );

		$this->assertContains( 'POST /syncwarden/v1/harness-open answered 200 to anonymous (expected 401 or 403)', $violations );
		$this->assertContains( 'POST /syncwarden/v1/harness-open answered 200 to administrator without a nonce (expected 401 or 403)', $violations );
	}

	public function test_matrix_flags_a_route_open_to_editors(): void {
		$this->register_bad_route( '/harness-editors', static fn() => current_user_can( 'edit_posts' ), 'DELETE' );

		$violations = RouteMatrix::violations( array( self::class, 'create_user' ) );

		$this->assertContains( 'DELETE /syncwarden/v1/harness-editors answered 200 to editor (expected 401 or 403)', $violations );
		$this->assertNotContains( 'DELETE /syncwarden/v1/harness-editors answered 200 to subscriber (expected 401 or 403)', $violations );
	}

	public function test_matrix_flags_a_route_even_administrators_cannot_reach(): void {
		$this->register_bad_route( '/harness-closed', '__return_false', 'GET' );

		$violations = RouteMatrix::violations( array( self::class, 'create_user' ) );

		$this->assertContains( 'GET /syncwarden/v1/harness-closed refused a valid administrator request (403): the matrix cannot tell why the others were refused', $violations );
	}

	public function test_public_route_check_flags_a_public_route_that_answers_anyone_and_a_thin_reason(): void {
		$this->register_bad_route( '/harness-public', '__return_true' );

		$violations = RouteMatrix::public_route_violations( array( '/harness-public' => 'webhook' ) );

		$this->assertContains( '/harness-public is public with too thin a reason: "webhook"', $violations );
		$this->assertContains( 'POST /syncwarden/v1/harness-public is public and answered 200 to an anonymous request carrying no credentials', $violations );
	}

	public function test_router_refuses_a_public_route_missing_from_the_public_list(): void {
		$this->expect_doing_it_wrong( 'SyncWarden\REST\Router::add_public' );
		rest_get_server();
		( new Router() )->add_public( '/harness-unlisted', 'POST', static fn() => true, '__return_true' );

		$this->assertArrayNotHasKey( '/syncwarden/v1/harness-unlisted', rest_get_server()->get_routes( Router::NAMESPACE ) );
		$this->assertContains( 'SyncWarden\REST\Router::add_public', $this->doing_it_wrong_calls() );
	}
}
