<?php
/**
 * The single list of `syncwarden/v1` routes that may answer without an administrator.
 *
 * @package SyncWarden
 */

namespace SyncWarden\REST;

defined( 'ABSPATH' ) || exit;

/**
 * Every entry needs a reason a security reviewer accepts. The route matrix test exempts exactly
 * these routes from the administrator check and fails if one is listed but not registered.
 */
final class PublicRoutes {

	/**
	 * Route pattern => why it is public.
	 *
	 * @var array<string, string>
	 */
	public const REASONS = array(
		'/oauth/callback/(?P<provider>[a-z]+)' => 'The provider redirects the administrator\'s browser here, which cannot carry a REST nonce. The handler identifies the administrator from the logged-in cookie itself, requires manage_options, and accepts only the single-use state that same administrator started (the state is the CSRF token).',
	);

	/**
	 * Whether a route pattern is allowed to be public.
	 *
	 * @param string $route Route pattern below the namespace.
	 */
	public static function is_public( string $route ): bool {
		return array_key_exists( $route, self::REASONS );
	}
}
