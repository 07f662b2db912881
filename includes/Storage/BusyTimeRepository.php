<?php
/**
 * Busy intervals read from the bookings table.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Storage;

defined( 'ABSPATH' ) || exit;

/**
 * Times only: nothing personal leaves through this query.
 */
final class BusyTimeRepository {

	/**
	 * Confirmed bookings of the given sources that overlap a window, soonest first (busy time).
	 *
	 * @param string[] $sources Booking sources.
	 * @param int      $start   Window start (Unix time).
	 * @param int      $end     Window end (exclusive).
	 * @param int      $limit   At most this many.
	 * @return array<int, array{start: int, end: int, all_day: bool}>
	 */
	public function busy( array $sources, int $start, int $end, int $limit ): array {
		global $wpdb;
		if ( ! $sources ) {
			return array();
		}
		$params = array_merge( array_values( $sources ), array( $end, $start, $limit ) );
		// phpcs:ignore WordPress.DB.PreparedSQLPlaceholders.UnfinishedPrepare -- one %s per source.
		$rows = $wpdb->get_results( $wpdb->prepare( 'SELECT starts_at, ends_at, all_day FROM ' . Schema::table( 'bookings' ) . " WHERE source IN (" . implode( ',', array_fill( 0, count( $sources ), '%s' ) ) . ") AND status = 'confirmed' AND starts_at < %d AND ends_at > %d ORDER BY starts_at LIMIT %d", $params ), ARRAY_A );
		return array_map(
			static fn( array $row ): array => array(
				'start'   => (int) $row['starts_at'],
				'end'     => (int) $row['ends_at'],
				'all_day' => (bool) (int) $row['all_day'],
			),
			(array) $rows
		);
	}
}
