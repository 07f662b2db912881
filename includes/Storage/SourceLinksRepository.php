<?php
/**
 * Which SyncWarden booking stands for a booking plugin's booking.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Storage;

defined( 'ABSPATH' ) || exit;

/**
 * One row per (source, source_ref), unique by construction: a second hook for the same change
 * finds the booking the first one made, and a delete that arrives after the plugin removed its
 * own row still finds what to cancel. No personal data is stored here.
 */
final class SourceLinksRepository {

	/**
	 * The booking linked to a plugin's booking, or null.
	 *
	 * @param string $source     Source id, e.g. booking-calendar.
	 * @param string $source_ref The plugin's id for the booking.
	 */
	public function find( string $source, string $source_ref ): ?int {
		global $wpdb;
		$id = $wpdb->get_var( $wpdb->prepare( 'SELECT booking_id FROM ' . Schema::table( 'source_links' ) . ' WHERE source = %s AND source_ref = %s', $source, $source_ref ) );
		return null === $id ? null : (int) $id;
	}

	/**
	 * Links a plugin's booking to a SyncWarden booking; false when it was linked already.
	 *
	 * @param string $source     Source id.
	 * @param string $source_ref The plugin's id.
	 * @param int    $booking_id Booking id.
	 * @param string $status     The plugin's status as seen.
	 */
	public function link( string $source, string $source_ref, int $booking_id, string $status ): bool {
		global $wpdb;
		return 1 === $wpdb->query(
			$wpdb->prepare(
				'INSERT IGNORE INTO ' . Schema::table( 'source_links' ) . ' (source, source_ref, booking_id, source_status, seen_at) VALUES (%s, %s, %d, %s, %d)',
				$source,
				$source_ref,
				$booking_id,
				$status,
				time()
			)
		);
	}

	/**
	 * Notes the plugin's status and when it was seen.
	 *
	 * @param string $source     Source id.
	 * @param string $source_ref The plugin's id.
	 * @param string $status     The plugin's status.
	 */
	public function seen( string $source, string $source_ref, string $status ): void {
		global $wpdb;
		$wpdb->update( Schema::table( 'source_links' ), array( 'source_status' => $status, 'seen_at' => time() ), array( 'source' => $source, 'source_ref' => $source_ref ) );
	}

	/**
	 * The most recently seen booking of a source, or null.
	 *
	 * @param string $source Source id.
	 * @return array{booking_id: int, source_ref: string, source_status: string, seen_at: int}|null
	 */
	public function last_seen( string $source ): ?array {
		global $wpdb;
		$row = $wpdb->get_row( $wpdb->prepare( 'SELECT booking_id, source_ref, source_status, seen_at FROM ' . Schema::table( 'source_links' ) . ' WHERE source = %s ORDER BY seen_at DESC, id DESC LIMIT 1', $source ), ARRAY_A );
		if ( ! is_array( $row ) ) {
			return null;
		}
		return array(
			'booking_id'    => (int) $row['booking_id'],
			'source_ref'    => (string) $row['source_ref'],
			'source_status' => (string) $row['source_status'],
			'seen_at'       => (int) $row['seen_at'],
		);
	}

	/**
	 * Linked refs of a source whose booking still stands on calendars (not cancelled, ending
	 * after `$ends_after`), in link order after `$after`: what a poller checks against the
	 * plugin's rows to notice deletes, one bounded page at a time.
	 *
	 * @param string $source     Source id.
	 * @param int    $after      Continue after this link id.
	 * @param int    $limit      At most this many.
	 * @param int    $ends_after Unix time.
	 * @return array<int, string> Link id => source_ref.
	 */
	public function standing_refs( string $source, int $after, int $limit, int $ends_after ): array {
		global $wpdb;
		$rows = $wpdb->get_results(
			$wpdb->prepare(
				'SELECT l.id, l.source_ref FROM ' . Schema::table( 'source_links' ) . ' l INNER JOIN ' . Schema::table( 'bookings' ) . " b ON b.id = l.booking_id WHERE l.source = %s AND l.id > %d AND b.status <> 'cancelled' AND b.ends_at >= %d ORDER BY l.id LIMIT %d",
				$source,
				$after,
				$ends_after,
				$limit
			),
			ARRAY_A
		);
		$refs = array();
		foreach ( (array) $rows as $row ) {
			$refs[ (int) $row['id'] ] = (string) $row['source_ref'];
		}
		return $refs;
	}
}
