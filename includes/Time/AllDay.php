<?php
/**
 * Dates of all-day bookings: a date in a zone is the span from its midnight to the next.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Time;

defined( 'ABSPATH' ) || exit;

/**
 * An all-day booking is stored as midnight of its first day and midnight of the day after its
 * last (exclusive, as Google's end.date and Graph's isAllDay end are), both in the booking's zone.
 */
final class AllDay {

	/**
	 * The calendar date (Y-m-d) of a time in a zone.
	 *
	 * @param int    $time Unix time.
	 * @param string $zone IANA zone.
	 */
	public static function date( int $time, string $zone ): string {
		return ( new \DateTimeImmutable( '@' . $time ) )->setTimezone( self::zone( $zone ) )->format( 'Y-m-d' );
	}

	/**
	 * The first instant of a date in a zone (where a DST change skips midnight, the first time
	 * that exists that day).
	 *
	 * @param string $date Y-m-d.
	 * @param string $zone IANA zone.
	 */
	public static function midnight( string $date, string $zone ): int {
		return ( new \DateTimeImmutable( $date . ' 00:00:00', self::zone( $zone ) ) )->getTimestamp();
	}

	/**
	 * A valid Y-m-d date, or null.
	 *
	 * @param mixed $value Input.
	 */
	public static function parse_date( $value ): ?string {
		if ( ! is_string( $value ) || ! preg_match( '/^(\d{4})-(\d{2})-(\d{2})$/', $value, $m ) ) {
			return null;
		}
		return checkdate( (int) $m[2], (int) $m[3], (int) $m[1] ) ? $value : null;
	}

	/**
	 * Whether a time is midnight in a zone.
	 *
	 * @param int    $time Unix time.
	 * @param string $zone IANA zone.
	 */
	public static function is_midnight( int $time, string $zone ): bool {
		return self::midnight( self::date( $time, $zone ), $zone ) === $time;
	}

	private static function zone( string $zone ): \DateTimeZone {
		try {
			return new \DateTimeZone( $zone );
		} catch ( \Exception $e ) {
			return new \DateTimeZone( 'UTC' );
		}
	}
}
