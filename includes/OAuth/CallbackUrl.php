<?php
/**
 * The exact redirect URI each provider must have registered.
 *
 * @package SyncWarden
 */

namespace SyncWarden\OAuth;

use SyncWarden\Http\SiteAddresses;

defined( 'ABSPATH' ) || exit;

/**
 * One path per provider, without a query string: Microsoft refuses query parameters in redirect
 * URIs for personal accounts, and distinct URIs per provider defeat mix-up attacks (RFC 9700).
 */
final class CallbackUrl {

	/**
	 * Redirect URI for a provider.
	 *
	 * @param string $provider Provider id.
	 */
	public static function for_provider( string $provider ): string {
		return rest_url( SiteAddresses::REST_NAMESPACE . '/oauth/callback/' . $provider );
	}
}
