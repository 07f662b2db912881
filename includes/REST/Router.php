<?php
/**
 * The one way SyncWarden registers REST routes.
 *
 * @package SyncWarden
 */

namespace SyncWarden\REST;

use SyncWarden\Http\SiteAddresses;
use WP_Error;
use WP_REST_Request;

defined( 'ABSPATH' ) || exit;

/**
 * Registers `syncwarden/v1` routes with an administrator-only permission check, the declared
 * argument schema and a guard that refuses parameters the route does not know. Routes that
 * must be public (webhooks) go through add_public() and must be listed in PublicRoutes.
 */
final class Router {

	public const NAMESPACE = SiteAddresses::REST_NAMESPACE;

	/**
	 * Parameters WordPress itself understands on every REST request.
	 */
	private const GLOBAL_PARAMETERS = array( '_wpnonce', '_method', '_envelope', '_fields', '_embed', '_locale', '_jsonp', '_pretty', 'rest_route' );

	/**
	 * Regexes of the administrator-only routes registered so far.
	 *
	 * @var string[]
	 */
	private array $admin_patterns = array();

	/**
	 * Public routes registered so far: WordPress's matching regex => the route pattern.
	 *
	 * @var array<string, string>
	 */
	private array $public_patterns = array();

	/**
	 * Attaches the early authorisation check.
	 */
	public function register_hooks(): void {
		add_filter( 'rest_pre_dispatch', array( $this, 'authorize_before_validation' ), 10, 3 );
	}

	/**
	 * WordPress validates arguments before it calls permission_callback, so an anonymous caller
	 * would get field-level 400s from admin routes. Refusing first means nobody without the
	 * capability learns anything from these routes, whatever they send.
	 *
	 * @param mixed            $result  Earlier short-circuit result.
	 * @param \WP_REST_Server  $server  Server.
	 * @param WP_REST_Request  $request Request.
	 * @return mixed
	 */
	public function authorize_before_validation( $result, $server, WP_REST_Request $request ) {
		if ( null !== $result ) {
			return $result;
		}
		foreach ( $this->admin_patterns as $pattern ) {
			if ( preg_match( $pattern, $request->get_route() ) ) {
				$allowed = self::require_admin();
				return true === $allowed ? null : $allowed;
			}
		}
		return null;
	}

	/**
	 * Registers an administrator-only route.
	 *
	 * @param string        $route    Route pattern below the namespace, e.g. `/status`.
	 * @param string        $methods  HTTP method(s), WP_REST_Server constants.
	 * @param callable      $callback Handler receiving the WP_REST_Request.
	 * @param array         $args     Argument schema (every accepted parameter).
	 * @param callable|null $schema   Response schema provider.
	 */
	public function add( string $route, string $methods, callable $callback, array $args = array(), ?callable $schema = null ): void {
		// Same anchoring and case rule WordPress uses to match routes.
		$this->admin_patterns[] = self::wordpress_pattern( $route );
		$this->register( $route, $methods, $callback, $args, $schema, array( self::class, 'require_admin' ) );
	}

	/**
	 * Registers a route anyone may call. Only routes listed in PublicRoutes::REASONS are accepted,
	 * so every public surface is documented in one place and covered by the route matrix.
	 *
	 * @param string        $route      Route pattern below the namespace.
	 * @param string        $methods    HTTP method(s).
	 * @param callable      $callback   Handler.
	 * @param callable      $permission Its own check (signature, rate limit...).
	 * @param array         $args       Argument schema.
	 * @param bool          $open_args  Accept parameters beyond $args (a provider's redirect
	 *                                  carries provider-specific ones).
	 */
	public function add_public( string $route, string $methods, callable $callback, callable $permission, array $args = array(), bool $open_args = false ): void {
		if ( ! PublicRoutes::is_public( $route ) ) {
			_doing_it_wrong( __METHOD__, esc_html( "Route $route is not listed in SyncWarden\\REST\\PublicRoutes." ), '0.1.0' );
			return;
		}
		$this->public_patterns[ self::wordpress_pattern( $route ) ] = $route;
		$this->register( $route, $methods, $callback, $args, null, $permission, $open_args );
	}

	/**
	 * The public route a request path matches, decided by the rule WordPress itself dispatches
	 * with (anchored, case-insensitive), so a gate keyed on it sees every request that will reach
	 * the route — `/SyncWarden/V1/Webhooks/google/1` included.
	 *
	 * @param string $path Request route, e.g. /syncwarden/v1/webhooks/google/1.
	 * @return array{route: string, params: array<string, string>}|null The route pattern as
	 *         registered and its named parameters, or null when no public route matches.
	 */
	public function match_public( string $path ): ?array {
		foreach ( $this->public_patterns as $pattern => $route ) {
			if ( preg_match( $pattern, $path, $matches ) ) {
				return array(
					'route'  => $route,
					'params' => array_filter( $matches, 'is_string', ARRAY_FILTER_USE_KEY ),
				);
			}
		}
		return null;
	}

	/**
	 * The regex WordPress matches a route of this namespace with (WP_REST_Server).
	 *
	 * @param string $route Route pattern below the namespace.
	 */
	private static function wordpress_pattern( string $route ): string {
		return '@^/' . self::NAMESPACE . $route . '$@i';
	}

	/**
	 * Permission callback for every administrative route.
	 *
	 * @return true|WP_Error
	 */
	public static function require_admin(): bool|WP_Error {
		if ( current_user_can( 'manage_options' ) ) {
			return true;
		}
		return new WP_Error(
			'syncwarden_forbidden',
			__( 'Only site administrators can manage SyncWarden.', 'syncwarden' ),
			array( 'status' => rest_authorization_required_code() )
		);
	}

	/**
	 * Registers one route with WordPress.
	 *
	 * @param string        $route      Route pattern.
	 * @param string        $methods    HTTP method(s).
	 * @param callable      $callback   Handler.
	 * @param array         $args       Argument schema.
	 * @param callable|null $schema     Response schema provider.
	 * @param callable      $permission Permission callback.
	 * @param bool          $open_args  Skip the unknown-parameter guard.
	 */
	private function register( string $route, string $methods, callable $callback, array $args, ?callable $schema, callable $permission, bool $open_args = false ): void {
		$definition = array(
			array(
				'methods'             => $methods,
				'callback'            => static function ( WP_REST_Request $request ) use ( $callback, $args, $open_args ) {
					$refused = self::path_parameter_overridden( $request, $open_args ) ?? ( $open_args ? null : self::unknown_parameters( $request, $args ) );
					return $refused ? $refused : $callback( $request );
				},
				'permission_callback' => $permission,
				'args'                => $args,
			),
		);
		if ( null !== $schema ) {
			$definition['schema'] = $schema;
		}
		register_rest_route( self::NAMESPACE, $route, $definition );
	}

	/**
	 * The address is authoritative: `get_param()` prefers the JSON body, then the form body, then
	 * the query string over the route's own path parameters, so `PUT /bookings/212 {"id":213}`
	 * would otherwise act on booking 213. A request that names a path parameter again with another
	 * value is refused before any handler runs, which makes every handler's `get_param()` of a path
	 * parameter read the address. On open routes (webhooks) the body is the provider's own document,
	 * not parameters, and their handlers read the path from the URL parameters only; their query
	 * string is still checked.
	 *
	 * @param WP_REST_Request $request   Request.
	 * @param bool            $open_args Whether the body is a document rather than parameters.
	 * @return WP_Error|null
	 */
	private static function path_parameter_overridden( WP_REST_Request $request, bool $open_args ): ?WP_Error {
		$others = $open_args ? array( $request->get_query_params() ) : array( $request->get_json_params() ?? array(), $request->get_body_params(), $request->get_query_params() );
		foreach ( $request->get_url_params() as $name => $value ) {
			foreach ( $others as $params ) {
				if ( is_array( $params ) && array_key_exists( $name, $params ) && ( ! is_scalar( $params[ $name ] ) || (string) $params[ $name ] !== (string) $value ) ) {
					return new WP_Error(
						'syncwarden_path_parameter',
						/* translators: %s: the part of the address, e.g. "id". */
						sprintf( __( 'The address already says which item this is (%s); the request must not name another one. Nothing was changed.', 'syncwarden' ), $name ),
						array( 'status' => 400 )
					);
				}
			}
		}
		return null;
	}

	/**
	 * Refuses parameters the route does not declare: a typo must not be silently ignored.
	 *
	 * @param WP_REST_Request $request Request.
	 * @param array           $args    Declared arguments.
	 * @return WP_Error|null
	 */
	private static function unknown_parameters( WP_REST_Request $request, array $args ): ?WP_Error {
		$unknown = array_diff( array_keys( $request->get_params() ), array_keys( $args ), self::GLOBAL_PARAMETERS );
		if ( ! $unknown ) {
			return null;
		}
		$accepted = $args ? implode( ', ', array_keys( $args ) ) : __( 'no parameters', 'syncwarden' );
		return new WP_Error(
			'syncwarden_unknown_parameter',
			/* translators: 1: unknown parameter names, 2: accepted parameter names. */
			sprintf( __( 'Unknown parameter: %1$s. This endpoint accepts: %2$s.', 'syncwarden' ), implode( ', ', $unknown ), $accepted ),
			array(
				'status'  => 400,
				'unknown' => array_values( $unknown ),
			)
		);
	}
}
