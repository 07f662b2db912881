<?php

namespace SyncWarden\Tests\Harness;

use SyncWarden\REST\PublicRoutes;
use SyncWarden\REST\Router;
use WP_REST_Request;

/**
 * Security harness: enumerates every `syncwarden/v1` route and method from the live REST server
 * (never a hand-written list) and tries each as an anonymous visitor, a subscriber, an editor,
 * and an administrator whose request carries no nonce or a forged one. Each must be refused with
 * 401/403. A valid administrator request must get past the permission check, which proves the
 * refusals come from authorisation and not from something else failing.
 *
 * Authentication mirrors WP_REST_Server::serve_request(): cookie-authenticated requests go through
 * check_authentication() (core's nonce check) before dispatch.
 */
final class RouteMatrix {

	private const WORDPRESS_INDEX_ROUTE = '/' . Router::NAMESPACE;

	/**
	 * Every route and method in the namespace.
	 *
	 * @return array<int, array{route: string, method: string, args: array}>
	 */
	public static function endpoints(): array {
		$endpoints = array();
		foreach ( rest_get_server()->get_routes( Router::NAMESPACE ) as $route => $handlers ) {
			// WordPress's own namespace index lists route names only, for every namespace.
			if ( self::WORDPRESS_INDEX_ROUTE === $route ) {
				continue;
			}
			foreach ( $handlers as $handler ) {
				foreach ( array_keys( array_filter( $handler['methods'] ) ) as $method ) {
					$endpoints[] = array(
						'route'  => $route,
						'method' => $method,
						'args'   => $handler['args'] ?? array(),
					);
				}
			}
		}
		return $endpoints;
	}

	/**
	 * Every way the namespace breaks the rules; empty means the matrix passes.
	 *
	 * @param callable(string): int $create_user Creates a user with a role, returns the id.
	 * @return string[]
	 */
	public static function violations( callable $create_user ): array {
		$violations = self::stale_public_routes();
		$users      = array(
			'subscriber'    => $create_user( 'subscriber' ),
			'editor'        => $create_user( 'editor' ),
			'administrator' => $create_user( 'administrator' ),
		);
		foreach ( self::endpoints() as $endpoint ) {
			if ( PublicRoutes::is_public( self::relative_route( $endpoint['route'] ) ) ) {
				continue;
			}
			$label     = $endpoint['method'] . ' ' . $endpoint['route'];
			$attempts  = array(
				'anonymous'                     => self::attempt( $endpoint, 0, null ),
				// WordPress validates arguments before permissions; refusal must come first anyway.
				'anonymous sending no arguments' => self::attempt( $endpoint, 0, null, false ),
				'subscriber'                    => self::attempt( $endpoint, $users['subscriber'], 'valid' ),
				'editor'                        => self::attempt( $endpoint, $users['editor'], 'valid' ),
				'administrator without a nonce' => self::attempt( $endpoint, $users['administrator'], 'missing' ),
				'administrator, forged nonce'   => self::attempt( $endpoint, $users['administrator'], 'forged' ),
			);
			foreach ( $attempts as $who => $status ) {
				if ( 401 !== $status && 403 !== $status ) {
					$violations[] = "$label answered $status to $who (expected 401 or 403)";
				}
			}
			$admin_status = self::attempt( $endpoint, $users['administrator'], 'valid' );
			if ( 401 === $admin_status || 403 === $admin_status ) {
				$violations[] = "$label refused a valid administrator request ($admin_status): the matrix cannot tell why the others were refused";
			}
		}
		return $violations;
	}

	/**
	 * Public must not mean open: every public route refuses an anonymous request that carries
	 * nothing (no signature, token, state or cookie) — no 2xx — and each has a reason a reviewer
	 * can check (a sentence, not a label).
	 *
	 * @param array<string, string>|null $reasons Public routes and reasons (default: PublicRoutes).
	 * @return string[]
	 */
	public static function public_route_violations( ?array $reasons = null ): array {
		$reasons    = $reasons ?? PublicRoutes::REASONS;
		$violations = array();
		foreach ( $reasons as $route => $reason ) {
			if ( strlen( $reason ) < 80 ) {
				$violations[] = "$route is public with too thin a reason: \"$reason\"";
			}
		}
		foreach ( self::endpoints() as $endpoint ) {
			if ( ! array_key_exists( self::relative_route( $endpoint['route'] ), $reasons ) ) {
				continue;
			}
			$status = self::attempt( $endpoint, 0, null, false );
			if ( $status >= 200 && $status < 300 ) {
				$violations[] = "{$endpoint['method']} {$endpoint['route']} is public and answered $status to an anonymous request carrying no credentials";
			}
		}
		return $violations;
	}

	/**
	 * Public routes that are listed but not registered (the list must not go stale).
	 *
	 * @return string[]
	 */
	private static function stale_public_routes(): array {
		$registered = array_map( array( self::class, 'relative_route' ), array_keys( rest_get_server()->get_routes( Router::NAMESPACE ) ) );
		$stale      = array_diff( array_keys( PublicRoutes::REASONS ), $registered );
		return array_map( static fn( $route ) => "PublicRoutes lists $route, which is not registered", $stale );
	}

	private static function relative_route( string $route ): string {
		return substr( $route, strlen( self::WORDPRESS_INDEX_ROUTE ) );
	}

	/**
	 * One request as one identity. `$nonce` null = not cookie-authenticated (anonymous).
	 *
	 * @param array       $endpoint Endpoint from endpoints().
	 * @param int         $user_id  User, 0 for anonymous.
	 * @param string|null $nonce    'valid', 'missing', 'forged' or null.
	 * @param bool        $valid_arguments Send arguments that satisfy the schema.
	 */
	private static function attempt( array $endpoint, int $user_id, ?string $nonce, bool $valid_arguments = true ): int {
		$server = rest_get_server();
		wp_set_current_user( $user_id );
		unset( $_REQUEST['_wpnonce'], $_SERVER['HTTP_X_WP_NONCE'] );
		$GLOBALS['wp_rest_auth_cookie'] = null !== $nonce;
		if ( 'valid' === $nonce ) {
			$_SERVER['HTTP_X_WP_NONCE'] = wp_create_nonce( 'wp_rest' );
		} elseif ( 'forged' === $nonce ) {
			$_SERVER['HTTP_X_WP_NONCE'] = 'ab12cd34ef';
		}
		try {
			$authentication = $server->check_authentication();
			if ( is_wp_error( $authentication ) ) {
				return (int) ( $authentication->get_error_data()['status'] ?? 500 );
			}
			return $server->dispatch( self::sample_request( $endpoint, $valid_arguments ) )->get_status();
		} finally {
			unset( $GLOBALS['wp_rest_auth_cookie'], $_SERVER['HTTP_X_WP_NONCE'] );
			wp_set_current_user( 0 );
		}
	}

	/**
	 * A request that satisfies the route's schema, so that argument validation cannot be what
	 * refuses it.
	 *
	 * @param array $endpoint        Endpoint from endpoints().
	 * @param bool  $with_arguments  Include required body/query arguments.
	 */
	private static function sample_request( array $endpoint, bool $with_arguments ): WP_REST_Request {
		$path = preg_replace_callback(
			'/\(\?P<(\w+)>([^)]*)\)/',
			static fn( array $m ) => self::sample_path_value( $m[2] ),
			$endpoint['route']
		);
		$request = new WP_REST_Request( $endpoint['method'], $path );
		$params  = array();
		foreach ( $endpoint['args'] as $name => $schema ) {
			if ( $with_arguments && ! empty( $schema['required'] ) && ! str_contains( $endpoint['route'], "<$name>" ) ) {
				$params[ $name ] = self::sample_value( $schema );
			}
		}
		'GET' === $endpoint['method'] ? $request->set_query_params( $params ) : $request->set_body_params( $params );
		return $request;
	}

	private static function sample_path_value( string $pattern ): string {
		foreach ( array( '1', 'google', 'a1b2c3d4' ) as $candidate ) {
			if ( preg_match( '#^(?:' . $pattern . ')$#', $candidate ) ) {
				return $candidate;
			}
		}
		return '1';
	}

	/**
	 * A value valid for a JSON schema fragment.
	 *
	 * @param array $schema Argument schema.
	 * @return mixed
	 */
	private static function sample_value( array $schema ) {
		if ( isset( $schema['enum'] ) ) {
			return reset( $schema['enum'] );
		}
		$type = is_array( $schema['type'] ?? null ) ? reset( $schema['type'] ) : ( $schema['type'] ?? 'string' );
		return match ( $type ) {
			'integer', 'number' => max( 1, (int) ( $schema['minimum'] ?? 1 ) ),
			'boolean' => true,
			'array' => array(),
			'object' => array(),
			default => str_repeat( 'a', max( 1, (int) ( $schema['minLength'] ?? 1 ) ) ),
		};
	}
}
