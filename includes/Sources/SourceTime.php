<?php
/**
 * Booking input times from what booking plugins store.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Sources;

use SyncWarden\Time\TimeZones;

defined( 'ABSPATH' ) || exit;

/**
 * Plugins store UTC datetimes, site-local ones, or minutes after midnight; all become RFC 3339
 * with the offset of the booking's zone, which is the plugin's zone for the booking when it names
 * a real IANA zone and the site's otherwise.
 */
final class SourceTime {

	/**
	 * The booking's IANA zone: the first real one given, else the site's, else UTC.
	 *
	 * @param mixed ...$candidates Zone names from the plugin.
	 */
	public static function zone( ...$candidates ): string {
		foreach ( array_merge( $candidates, array( wp_timezone_string() ) ) as $candidate ) {
			$zone = is_string( $candidate ) && '' !== $candidate ? TimeZones::shared()->canonical( $candidate ) : null;
			if ( null !== $zone ) {
				return $zone;
			}
		}
		return 'UTC';
	}

	/**
	 * Start, end and zone input for a timed booking.
	 *
	 * @param int    $start Unix time.
	 * @param int    $end   Unix time.
	 * @param string $zone  IANA zone (from zone()).
	 * @return array{start: string, end: string, timezone: string, all_day: bool}
	 */
	public static function span( int $start, int $end, string $zone ): array {
		$tz     = new \DateTimeZone( $zone );
		$format = static fn( int $time ): string => ( new \DateTimeImmutable( '@' . $time ) )->setTimezone( $tz )->format( DATE_RFC3339 );
		return array(
			'start'    => $format( $start ),
			'end'      => $format( $end ),
			'timezone' => $zone,
			'all_day'  => false,
		);
	}

	/**
	 * A UTC "Y-m-d H:i:s" as a Unix time, or null.
	 *
	 * @param mixed $datetime Stored value.
	 */
	public static function utc( $datetime ): ?int {
		if ( ! is_string( $datetime ) || '' === $datetime || str_starts_with( $datetime, '0000' ) ) {
			return null;
		}
		$time = strtotime( $datetime . ' UTC' );
		return false === $time ? null : $time;
	}

	/**
	 * A local date plus minutes after midnight in a zone, as a Unix time, or null.
	 *
	 * @param mixed  $date    Y-m-d.
	 * @param mixed  $minutes Minutes after midnight.
	 * @param string $zone    IANA zone.
	 */
	public static function local( $date, $minutes, string $zone ): ?int {
		if ( ! is_string( $date ) || ! preg_match( '/^\d{4}-\d{2}-\d{2}$/', $date ) || ! is_numeric( $minutes ) ) {
			return null;
		}
		// Wall-clock minutes: setTime() keeps a DST day's 09:00 at 09:00.
		return ( new \DateTimeImmutable( $date, new \DateTimeZone( $zone ) ) )->setTime( intdiv( (int) $minutes, 60 ), (int) $minutes % 60 )->getTimestamp();
	}

	/**
	 * A "Y-m-d H:i:s" on the site's wall clock (what current_time( 'mysql' ) writes) as a Unix
	 * time, or null. Read with wp_timezone(), which also knows a site set to a bare UTC offset.
	 *
	 * @param mixed $datetime Stored value.
	 */
	public static function wall( $datetime ): ?int {
		if ( ! is_string( $datetime ) || ! preg_match( '/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/', $datetime ) || str_starts_with( $datetime, '0000' ) ) {
			return null;
		}
		$time = \DateTimeImmutable::createFromFormat( 'Y-m-d H:i:s', $datetime, wp_timezone() );
		return false === $time ? null : $time->getTimestamp();
	}
}
