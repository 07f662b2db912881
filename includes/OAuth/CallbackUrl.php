<?php
/**
 * The exact redirect URI each provider must have registered.
 *
 * @package SyncWarden
 */

namespace SyncWarden\OAuth;

use SyncWarden\Http\SiteAddresses;
use SyncWarden\Providers\Provider;

defined( 'ABSPATH' ) || exit;

/**
 * One path per provider, without a query string on pretty permalinks: Microsoft refuses query
 * parameters in redirect URIs for personal accounts, and distinct URIs per provider defeat
 * mix-up attacks (RFC 9700). Plain permalinks put `?rest_route=` in it; accepted_by() says what
 * that means for each provider.
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

	/**
	 * Whether the provider takes this site's redirect URI: true without a query string; with one,
	 * the provider's documented answer (false: it refuses it; null: its documentation does not say).
	 *
	 * @param Provider $provider Provider.
	 */
	public static function accepted_by( Provider $provider ): ?bool {
		return str_contains( self::for_provider( $provider->id() ), '?' ) ? $provider->accepts_query_in_redirect_uri() : true;
	}
}
