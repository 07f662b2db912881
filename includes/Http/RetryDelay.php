<?php
/**
 * How long to wait before retrying a provider call.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Http;

defined( 'ABSPATH' ) || exit;

/**
 * The server's own hint (Retry-After, or HubSpot's rate-limit window) when it gives one, otherwise
 * capped exponential backoff with jitter, so that many sites retrying at once do not retry in step.
 */
final class RetryDelay {

	/**
	 * Seconds to wait before retry number `$attempt + 1`: the server's Retry-After when given,
	 * otherwise 0.5 s doubling per attempt, capped at 8 s, plus up to 25 % jitter.
	 *
	 * @param int      $attempt     Attempts so far.
	 * @param int|null $retry_after Server-requested delay.
	 */
	public static function backoff( int $attempt, ?int $retry_after ): float {
		$base = null !== $retry_after ? (float) $retry_after : min( 8.0, 0.5 * ( 2 ** $attempt ) );
		return $base + $base * 0.25 * ( random_int( 0, 1000 ) / 1000 );
	}

	/**
	 * Seconds to wait from Retry-After or, when a provider sends none (HubSpot), from the length of
	 * its exhausted rate-limit window (`X-HubSpot-RateLimit-Interval-Milliseconds`).
	 *
	 * @param array $response WordPress response.
	 */
	public static function hint( array $response ): ?int {
		$wait     = self::parse_retry_after( self::single_header( $response, 'retry-after' ) );
		$interval = self::single_header( $response, 'x-hubspot-ratelimit-interval-milliseconds' );
		if ( null === $wait && ctype_digit( $interval ) ) {
			$wait = (int) ceil( (int) $interval / 1000 );
		}
		return $wait;
	}

	/**
	 * A header's value; a repeated header arrives as an array, and its first value counts.
	 *
	 * @param array  $response WordPress HTTP response.
	 * @param string $name     Header name.
	 */
	private static function single_header( array $response, string $name ): string {
		$value = wp_remote_retrieve_header( $response, $name );
		return (string) ( is_array( $value ) ? reset( $value ) : $value );
	}

	private static function parse_retry_after( string $header ): ?int {
		if ( '' === $header ) {
			return null;
		}
		if ( ctype_digit( trim( $header ) ) ) {
			return (int) trim( $header );
		}
		$time = strtotime( $header );
		return false === $time ? null : max( 0, $time - time() );
	}
}
