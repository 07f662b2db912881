<?php
/**
 * Sliding-window rate limits for the public webhook routes.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Webhooks;

use SyncWarden\Storage\Counters;

defined( 'ABSPATH' ) || exit;

/**
 * Each bucket counts requests in fixed windows with atomic counters (Storage\Counters, so the
 * count holds across PHP processes and parallel floods) and estimates the sliding window as
 * `previous × (share of it still inside the window) + current`. Refused requests count too: a
 * sender must actually stop before it is let in again.
 *
 * Callers check the client's address first (every request counts there) and the connection
 * second. A connection's budget is spent only by deliveries that passed verification: the gate
 * checks it without counting (`connection_open()`), and a handler that verified a delivery counts it
 * (`spend_connection()`). So forgeries, from however many addresses, are stopped by the address
 * limit and never use up the allowance of the provider's genuine deliveries to that connection.
 */
final class RateLimiter {

	public const DEFAULT_LIMITS = array(
		'ip'         => array(
			'limit'  => 120,
			'window' => 60,
		),
		'connection' => array(
			'limit'  => 300,
			'window' => 60,
		),
		// The OAuth callback, the other public route: an administrator's browser, rarely.
		'callback'   => array(
			'limit'  => 30,
			'window' => 60,
		),
	);

	/**
	 * Current time in seconds (with fractions).
	 *
	 * @var callable(): float
	 */
	private $clock;

	/**
	 * Constructor.
	 *
	 * @param Counters      $counters Shared counters.
	 * @param callable|null $clock    Returns the time (tests move it); default microtime(true).
	 */
	public function __construct( private readonly Counters $counters, ?callable $clock = null ) {
		$this->clock = $clock ?? static fn(): float => microtime( true );
	}

	/**
	 * The limits in force.
	 *
	 * @return array{ip: array{limit: int, window: int}, connection: array{limit: int, window: int}, callback: array{limit: int, window: int}}
	 */
	public static function limits(): array {
		/**
		 * Filters the public routes' rate limits: requests per window (seconds) per client address
		 * and per connection on the webhook routes, and per client address on the OAuth callback.
		 *
		 * @param array $limits `ip`, `connection` and `callback`, each `limit` and `window`.
		 */
		$limits = apply_filters( 'syncwarden_webhook_rate_limits', self::DEFAULT_LIMITS );
		$clean  = self::DEFAULT_LIMITS;
		foreach ( array_keys( $clean ) as $scope ) {
			foreach ( array( 'limit', 'window' ) as $field ) {
				$value = (int) ( $limits[ $scope ][ $field ] ?? 0 );
				if ( $value >= 1 ) {
					$clean[ $scope ][ $field ] = $value;
				}
			}
		}
		return $clean;
	}

	/**
	 * Counts one request from a client address (checked first, before anything is looked up).
	 *
	 * @param string $ip Client address.
	 * @return array{allowed: bool, retry_after: int}
	 */
	public function for_ip( string $ip ): array {
		$limits = self::limits()['ip'];
		return $this->hit( 'ip|' . self::sender( $ip ), $limits['limit'], $limits['window'] );
	}

	/**
	 * Whether a connection's endpoint still has budget for verified deliveries (counts nothing).
	 *
	 * @param string $bucket Provider and connection id, or a shared bucket for unknown endpoints.
	 * @return array{allowed: bool, retry_after: int}
	 */
	public function connection_open( string $bucket ): array {
		$limits = self::limits()['connection'];
		return $this->hit( 'connection|' . $bucket, $limits['limit'], $limits['window'], false );
	}

	/**
	 * Counts one verified delivery to a connection's endpoint.
	 *
	 * @param string $bucket Provider and connection id.
	 */
	public function spend_connection( string $bucket ): void {
		$limits = self::limits()['connection'];
		$this->hit( 'connection|' . $bucket, $limits['limit'], $limits['window'] );
	}

	/**
	 * Counts one OAuth callback from a client address (its own bucket: a webhook flood from an
	 * address does not lock its administrator out of connecting, nor the other way round).
	 *
	 * @param string $ip Client address.
	 * @return array{allowed: bool, retry_after: int}
	 */
	public function for_callback( string $ip ): array {
		$limits = self::limits()['callback'];
		return $this->hit( 'callback|' . self::sender( $ip ), $limits['limit'], $limits['window'] );
	}

	/**
	 * The sender an address belongs to: an IPv4 address itself, an IPv6 address its /64 (the
	 * smallest prefix a site is normally given, RFC 6177: one host has all of it, so per-address
	 * buckets would give a single sender 2^64 of them). IPv4-mapped IPv6 is the IPv4 address.
	 *
	 * @param string $ip Client address.
	 */
	public static function sender( string $ip ): string {
		$packed = filter_var( $ip, FILTER_VALIDATE_IP, FILTER_FLAG_IPV6 ) ? inet_pton( $ip ) : false;
		if ( false === $packed || 16 !== strlen( $packed ) ) {
			return $ip;
		}
		if ( str_starts_with( $packed, str_repeat( "\0", 10 ) . "\xff\xff" ) ) {
			return (string) inet_ntop( substr( $packed, 12 ) );
		}
		return inet_ntop( substr( $packed, 0, 8 ) . str_repeat( "\0", 8 ) ) . '/64';
	}

	/**
	 * Counts one request in a bucket.
	 *
	 * @param string $bucket Bucket name.
	 * @param int    $limit  Requests allowed per window.
	 * @param int    $window Window length in seconds.
	 * @param bool   $count  Count this request (false: only ask whether one more would fit).
	 * @return array{allowed: bool, retry_after: int}
	 */
	public function hit( string $bucket, int $limit, int $window, bool $count = true ): array {
		$now      = ( $this->clock )();
		$index    = (int) floor( $now / $window );
		$elapsed  = ( $now - $index * $window ) / $window;
		$key      = "rl|$bucket|$window|$index";
		$current  = $count ? $this->counters->increment( $key, 2 * $window ) : $this->counters->value( $key ) + 1;
		$previous = $this->counters->value( "rl|$bucket|$window|" . ( $index - 1 ) );
		$estimate = $previous * ( 1 - $elapsed ) + $current;
		return array(
			'allowed'     => $estimate <= $limit,
			'retry_after' => $estimate <= $limit ? 0 : self::retry_after( $limit, $window, $elapsed, $current, $previous ),
		);
	}

	/**
	 * Seconds until a sender that stops now would have its next request allowed (that request
	 * counts too, so the estimate must leave room for one more).
	 *
	 * @param int   $limit    Limit.
	 * @param int   $window   Window length.
	 * @param float $elapsed  Share of the current window that has passed (0–1).
	 * @param int   $current  Requests in the current window (this one included).
	 * @param int   $previous Requests in the previous window.
	 */
	private static function retry_after( int $limit, int $window, float $elapsed, int $current, int $previous ): int {
		if ( $current + 1 <= $limit && $previous > 0 ) {
			// Still in this window, once the previous window's share has shrunk enough.
			$until = 1 - ( $limit - $current - 1 ) / $previous;
			return max( 1, (int) ceil( ( $until - $elapsed ) * $window ) );
		}
		// In the next window, where this window becomes the previous one.
		$until = max( 0.0, 1 - ( $limit - 1 ) / max( 1, $current ) );
		return max( 1, (int) ceil( ( 1 - $elapsed + $until ) * $window ) );
	}
}
