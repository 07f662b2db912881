<?php
/**
 * A provider's endpoints, with the one test override.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Providers;

use SyncWarden\Http\HttpError;

defined( 'ABSPATH' ) || exit;

/**
 * Production endpoints are constants in the provider classes. Tests (and the local sandbox) point
 * a provider at local peers through the `syncwarden_provider_endpoints` filter; whatever it
 * returns must still be https:// URLs, so the override cannot become a downgrade.
 */
final class Endpoints {

	private const KEYS = array( 'authorize', 'token', 'revoke', 'api_base', 'issuer' );

	/** Keys a provider may not have: no revocation endpoint, no RFC 9207 issuer. */
	private const OPTIONAL = array( 'revoke', 'issuer' );

	/**
	 * Resolved endpoints.
	 *
	 * @param Provider $provider Provider.
	 * @return array<string, string> Keys authorize, token, api_base and (when offered) revoke and
	 *                               issuer (the RFC 9207 `iss` its authorization responses carry).
	 * @throws HttpError CONFIG when an endpoint is missing or not https://.
	 */
	public static function resolve( Provider $provider ): array {
		/**
		 * Filters a provider's OAuth and API endpoints (tests point them at local peers).
		 *
		 * @param array  $endpoints Keys authorize, token, revoke (may be absent), api_base, issuer
		 *                          (may be absent).
		 * @param string $provider  Provider id.
		 */
		$endpoints = apply_filters( 'syncwarden_provider_endpoints', $provider->default_endpoints(), $provider->id() );
		$resolved  = array();
		foreach ( self::KEYS as $key ) {
			$url = is_array( $endpoints ) ? ( $endpoints[ $key ] ?? null ) : null;
			if ( null === $url && in_array( $key, self::OPTIONAL, true ) ) {
				continue;
			}
			if ( ! is_string( $url ) || 'https' !== wp_parse_url( $url, PHP_URL_SCHEME ) || ! wp_parse_url( $url, PHP_URL_HOST ) ) {
				/* translators: 1: endpoint name, 2: provider name */
				// phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain text for logs and JSON; escaped where shown as HTML.
				throw new HttpError( HttpError::CONFIG, sprintf( __( 'The %1$s endpoint configured for %2$s is not an https:// URL; SyncWarden refuses to use it.', 'syncwarden' ), $key, $provider->label() ) );
			}
			$resolved[ $key ] = $url;
		}
		return $resolved;
	}

	/**
	 * Hosts of the resolved endpoints (the per-provider allowlist for outbound calls).
	 *
	 * @param array<string, string> $endpoints Resolved endpoints.
	 * @param string                ...$extra  More URLs (Zoho's data-centre hosts).
	 * @return string[]
	 */
	public static function hosts( array $endpoints, string ...$extra ): array {
		return array_values( array_unique( array_map( static fn( $url ) => strtolower( (string) wp_parse_url( $url, PHP_URL_HOST ) ), array_merge( array_values( $endpoints ), $extra ) ) ) );
	}
}
