<?php
/**
 * Busy time handed to a booking plugin through its own availability filter.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Sources;

defined( 'ABSPATH' ) || exit;

/**
 * A source that can block time adds one filter of its plugin's through filter(): the filter runs
 * while a visitor picks a slot, so whatever goes wrong in SyncWarden leaves the plugin's value as
 * it was (audited like a failed hook). The busy time is what `syncwarden_busy_times` answers —
 * SyncWarden's imported events plus anything other code adds (one indexed query per ask; not
 * kept between asks, since an import in the same process may change it).
 */
final class SourceBusyTime {

	/**
	 * Constructor.
	 *
	 * @param SourceBookings $bookings Its guard() keeps failures away from the host plugin.
	 */
	public function __construct( private readonly SourceBookings $bookings ) {
	}

	/**
	 * Adds a filter of the booking plugin's through the guard: on failure the plugin's own value
	 * is returned unchanged.
	 *
	 * @param string   $source  Source id.
	 * @param string   $hook    The plugin's filter.
	 * @param callable $handler Gets the filter's arguments, returns the filtered value.
	 * @param int      $args    How many arguments the filter passes.
	 */
	public function filter( string $source, string $hook, callable $handler, int $args = 1 ): void {
		add_filter(
			$hook,
			function ( $value, ...$rest ) use ( $source, $hook, $handler ) {
				$result = $value;
				$this->bookings->guard(
					$source,
					$hook,
					static function () use ( &$result, $handler, $value, $rest ): void {
						$result = $handler( $value, ...$rest );
					}
				);
				return $result;
			},
			10,
			$args
		);
	}

	/**
	 * Busy intervals overlapping a window, well-formed ones only (other code feeds the filter too).
	 *
	 * @param int $start Window start (Unix time).
	 * @param int $end   Window end, exclusive.
	 * @return array<int, array{start: int, end: int, all_day: bool}>
	 */
	public function between( int $start, int $end ): array {
		$busy = apply_filters( BusyTimes::FILTER, array(), $start, $end );
		return array_values(
			array_filter(
				is_array( $busy ) ? $busy : array(),
				static fn( $item ): bool => is_array( $item ) && is_int( $item['start'] ?? null ) && is_int( $item['end'] ?? null ) && $item['start'] < $item['end'] && $item['end'] > $start && $item['start'] < $end
			)
		);
	}

	/**
	 * One interval cut into the local days it touches, as plugins that keep availability per day
	 * want it: the date and the minutes from that day's midnight (wall clock, so a day on which
	 * the clocks change still ends at 1440).
	 *
	 * @param array{start: int, end: int} $interval Busy interval.
	 * @param string                      $zone     IANA zone the plugin works in.
	 * @return array<int, array{date: string, start: int, end: int}>
	 */
	public static function by_day( array $interval, string $zone ): array {
		$tz   = new \DateTimeZone( $zone );
		$at   = ( new \DateTimeImmutable( '@' . $interval['start'] ) )->setTimezone( $tz );
		$last = ( new \DateTimeImmutable( '@' . $interval['end'] ) )->setTimezone( $tz );
		$days = array();
		while ( $at < $last ) {
			$midnight = $at->setTime( 0, 0 )->modify( '+1 day' );
			$until    = $last < $midnight ? $last : $midnight;
			$days[]   = array(
				'date'  => $at->format( 'Y-m-d' ),
				'start' => self::minutes( $at ),
				// A busy end inside a minute still keeps that minute.
				'end'   => $until === $midnight ? 1440 : self::minutes( $until ) + ( '00' === $until->format( 's' ) ? 0 : 1 ),
			);
			$at       = $until;
		}
		return $days;
	}

	/**
	 * Minutes from the day's midnight on the wall clock.
	 *
	 * @param \DateTimeImmutable $at Time.
	 */
	private static function minutes( \DateTimeImmutable $at ): int {
		return (int) $at->format( 'G' ) * 60 + (int) $at->format( 'i' );
	}
}
