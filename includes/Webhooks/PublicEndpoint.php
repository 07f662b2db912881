<?php
/**
 * Where providers deliver webhooks and push notifications, and whether they can reach it.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Webhooks;

use SyncWarden\Http\SiteAddresses;

defined( 'ABSPATH' ) || exit;

/**
 * Endpoints are `<REST base>syncwarden/v1/webhooks/<provider>/<connection id>`, built from
 * rest_url(). Providers only deliver to public https:// addresses, so a subscription is created
 * only when that base is https:// on a host that is not loopback, private or reserved; otherwise
 * sync stays on polling and the Connections tab says why.
 *
 * The `syncwarden_webhook_base_url` filter replaces the base (a site behind a reverse proxy whose
 * rest_url() is internal). Its result is held to the same rule — except on a site whose
 * environment type is `local` (wp_get_environment_type()) and where the filter is hooked, where
 * the base may be http:// or a loopback host so the test suites can exercise real deliveries
 * from the local provider peer. That exception is reported as `local_override` wherever the status is shown,
 * and a `production`, `staging` or `development` site never gets it.
 */
final class PublicEndpoint {

	public const ROUTE = 'webhooks';

	public const OK             = 'ok';
	public const NOT_HTTPS      = 'not_https';
	public const PRIVATE_HOST   = 'private_host';
	public const LOCAL_OVERRIDE = 'local_override';

	/** Host names that never resolve on the public internet. */
	private const RESERVED_SUFFIXES = array( '.localhost', '.local', '.test', '.example', '.invalid', '.internal', '.lan', '.home.arpa', '.intranet', '.corp' );

	/**
	 * Constructor.
	 *
	 * @param string|null $environment Environment type; null = wp_get_environment_type() (tests
	 *                                 pass `production` to prove the strict rule).
	 */
	public function __construct( private readonly ?string $environment = null ) {
	}

	/**
	 * The endpoint of one connection.
	 *
	 * @param string $provider      Provider id.
	 * @param int    $connection_id Connection id.
	 */
	public function url( string $provider, int $connection_id ): string {
		return $this->base() . SiteAddresses::REST_NAMESPACE . '/' . self::ROUTE . '/' . $provider . '/' . $connection_id;
	}

	/**
	 * Whether providers can deliver to this site, and if not why.
	 *
	 * @return array{reachable: bool, reason: string}
	 */
	public function check(): array {
		$base       = $this->base();
		$overridden = false !== has_filter( 'syncwarden_webhook_base_url' ); // Set on purpose, even to rest_url() itself.
		$parts      = wp_parse_url( $base );
		$scheme     = is_array( $parts ) ? strtolower( (string) ( $parts['scheme'] ?? '' ) ) : '';
		$host       = is_array( $parts ) ? strtolower( trim( (string) ( $parts['host'] ?? '' ), '[]' ) ) : '';
		if ( $overridden && 'local' === ( $this->environment ?? wp_get_environment_type() ) && in_array( $scheme, array( 'http', 'https' ), true ) && '' !== $host ) {
			return self::verdict( true, self::LOCAL_OVERRIDE );
		}
		if ( 'https' !== $scheme ) {
			return self::verdict( false, self::NOT_HTTPS );
		}
		return self::public_host( $host ) ? self::verdict( true, self::OK ) : self::verdict( false, self::PRIVATE_HOST );
	}

	/**
	 * The reason in words an administrator can act on.
	 *
	 * @param string $reason One of the reason constants.
	 */
	public static function explain( string $reason ): string {
		return match ( $reason ) {
			self::NOT_HTTPS      => __( 'This site is not served over HTTPS, and providers only deliver webhooks to https:// addresses. SyncWarden syncs by polling instead; switch the site to HTTPS to get changes within seconds.', 'syncwarden' ),
			self::PRIVATE_HOST   => __( 'This site’s address is private (localhost, a local network or a reserved name), so providers cannot reach it. SyncWarden syncs by polling instead.', 'syncwarden' ),
			self::LOCAL_OVERRIDE => __( 'Deliveries go to a test address set with the syncwarden_webhook_base_url filter; this is accepted only because the site’s environment type is “local”.', 'syncwarden' ),
			default              => __( 'Providers can reach this site over HTTPS.', 'syncwarden' ),
		};
	}

	/**
	 * The REST base deliveries go to, ending in a slash.
	 */
	private function base(): string {
		$default = self::normalise( rest_url() );
		/**
		 * Filters the public REST base providers deliver webhooks to (e.g. the public https://
		 * address of a site whose rest_url() is internal). The result must be https:// on a public
		 * host, except on `local` sites (see PublicEndpoint).
		 *
		 * @param string $base REST base, e.g. https://example.com/wp-json/.
		 */
		$filtered = apply_filters( 'syncwarden_webhook_base_url', $default );
		return is_string( $filtered ) && '' !== trim( $filtered ) ? self::normalise( trim( $filtered ) ) : $default;
	}

	/**
	 * A base that a route can be appended to (`/wp-json/` or `?rest_route=/`).
	 *
	 * @param string $base REST base.
	 */
	private static function normalise( string $base ): string {
		return str_ends_with( $base, '/' ) ? $base : $base . '/';
	}

	/**
	 * Whether a host can be reached from the internet (IP literals by range, names by reserved
	 * suffix; names are not resolved here, a failing provider call reports the rest).
	 *
	 * @param string $host Host.
	 */
	private static function public_host( string $host ): bool {
		if ( false !== filter_var( $host, FILTER_VALIDATE_IP ) ) {
			return false !== filter_var( $host, FILTER_VALIDATE_IP, FILTER_FLAG_NO_PRIV_RANGE | FILTER_FLAG_NO_RES_RANGE );
		}
		if ( 'localhost' === $host || ! str_contains( $host, '.' ) ) {
			return false;
		}
		foreach ( self::RESERVED_SUFFIXES as $suffix ) {
			if ( str_ends_with( $host, $suffix ) ) {
				return false;
			}
		}
		return true;
	}

	/**
	 * A check result.
	 *
	 * @param bool   $reachable Whether providers can deliver.
	 * @param string $reason    Reason constant.
	 * @return array{reachable: bool, reason: string}
	 */
	private static function verdict( bool $reachable, string $reason ): array {
		return array(
			'reachable' => $reachable,
			'reason'    => $reason,
		);
	}
}
