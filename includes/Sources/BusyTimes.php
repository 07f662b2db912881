<?php
/**
 * Busy time from connected calendars, offered to booking plugins and any other code.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Sources;

use SyncWarden\Storage\BusyTimeRepository;
use SyncWarden\Storage\ConnectionsRepository;
use SyncWarden\Sync\Importer;

defined( 'ABSPATH' ) || exit;

/**
 * `apply_filters( 'syncwarden_busy_times', array(), $start, $end )` answers the intervals that
 * events imported from calendars keep busy between two Unix times: a list of
 * array{ start: int, end: int, all_day: bool } (Unix times, end exclusive), soonest first. Only
 * times are given — never titles or attendees. Bookings that came from a booking plugin are left
 * out: that plugin blocks its own bookings already.
 */
final class BusyTimes {

	public const FILTER = 'syncwarden_busy_times';
	private const LIMIT = 500;

	/**
	 * Constructor.
	 *
	 * @param BusyTimeRepository    $bookings    Busy intervals.
	 * @param ConnectionsRepository $connections Connections.
	 */
	public function __construct( private readonly BusyTimeRepository $bookings, private readonly ConnectionsRepository $connections ) {
	}

	/**
	 * Attaches to WordPress.
	 */
	public function register_hooks(): void {
		add_filter( self::FILTER, array( $this, 'add' ), 10, 3 );
	}

	/**
	 * Adds the imported busy time to what other code offered.
	 *
	 * @param mixed $busy  Intervals so far.
	 * @param mixed $start Window start (Unix time).
	 * @param mixed $end   Window end.
	 * @return array
	 */
	public function add( $busy, $start = 0, $end = 0 ): array {
		$busy = is_array( $busy ) ? $busy : array();
		if ( ! is_numeric( $start ) || ! is_numeric( $end ) || (int) $end <= (int) $start ) {
			return $busy;
		}
		$sources = array();
		foreach ( $this->connections->all() as $connection ) {
			if ( in_array( 'import', $connection['features'], true ) ) {
				$sources[] = Importer::source( $connection );
			}
		}
		return array_merge( $busy, $this->bookings->busy( $sources, (int) $start, (int) $end, self::LIMIT ) );
	}
}
