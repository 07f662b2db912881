<?php
/**
 * The bookings a connection imported, as a set: counted, removed or handed to another connection.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Storage;

defined( 'ABSPATH' ) || exit;

/**
 * An imported booking is one whose `source` names its connection (Importer::source(), e.g.
 * google-3); bookings made on the site, by the API or by a booking plugin have other sources even
 * when they were exported to that connection, so they are never part of the set. Every method
 * works on one bounded batch of ids the caller loops over: a calendar can have thousands of
 * events, and neither one statement over all of them nor all of their rows in PHP is needed.
 */
final class ImportedBookingsRepository {

	/**
	 * How many bookings a source holds (the `source` column is indexed).
	 *
	 * @param string $source Booking source.
	 */
	public function count( string $source ): int {
		global $wpdb;
		return (int) $wpdb->get_var( $wpdb->prepare( 'SELECT COUNT(*) FROM %i WHERE source = %s', Schema::table( 'bookings' ), $source ) );
	}

	/**
	 * How many links a connection has (a connection that has any has imported or exported already).
	 *
	 * @param int $connection_id Connection id.
	 */
	public function links( int $connection_id ): int {
		global $wpdb;
		return (int) $wpdb->get_var( $wpdb->prepare( 'SELECT COUNT(*) FROM %i WHERE connection_id = %d', Schema::table( 'booking_links' ), $connection_id ) );
	}

	/**
	 * Deletes up to `$limit` bookings of a source with their links (to any connection) and their
	 * outbox jobs; run it in a transaction so a batch goes entirely or not at all.
	 *
	 * @param string $source Booking source.
	 * @param int    $limit  Batch size.
	 * @return int How many bookings were deleted.
	 */
	public function remove_batch( string $source, int $limit ): int {
		global $wpdb;
		$ids = $this->batch( $source, $limit );
		if ( ! $ids ) {
			return 0;
		}
		$in = implode( ',', array_fill( 0, count( $ids ), '%d' ) );
		foreach ( array( 'booking_links' => 'booking_id', 'outbox' => 'booking_id', 'bookings' => 'id' ) as $table => $column ) {
			// $in: one %d per id; $column: a fixed column name from the line above.
			$wpdb->query( $wpdb->prepare( "DELETE FROM %i WHERE $column IN ($in)", array_merge( array( Schema::table( $table ) ), $ids ) ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared,WordPress.DB.PreparedSQLPlaceholders.UnfinishedPrepare -- fixed column, one %d per id.
		}
		return count( $ids );
	}

	/**
	 * Gives up to `$limit` bookings of a source another source (a reconnected account takes back
	 * the bookings it imported before); their times of creation and change stay as they were.
	 *
	 * @param string $from Old source.
	 * @param string $to   New source.
	 * @param int    $limit Batch size.
	 * @return int How many bookings changed hands.
	 */
	public function move_batch( string $from, string $to, int $limit ): int {
		global $wpdb;
		$ids = $this->batch( $from, $limit );
		if ( $ids ) {
			// phpcs:ignore WordPress.DB.PreparedSQLPlaceholders.UnfinishedPrepare -- one %d per id.
			$wpdb->query( $wpdb->prepare( 'UPDATE %i SET source = %s WHERE id IN (' . implode( ',', array_fill( 0, count( $ids ), '%d' ) ) . ')', array_merge( array( Schema::table( 'bookings' ), $to ), $ids ) ) );
		}
		return count( $ids );
	}

	/**
	 * Moves up to `$limit` links of one connection to another (which must have none yet: each
	 * external item maps to one booking per connection).
	 *
	 * @param int $from  Old connection id.
	 * @param int $to    New connection id.
	 * @param int $limit Batch size.
	 * @return int How many links moved.
	 */
	public function move_links_batch( int $from, int $to, int $limit ): int {
		global $wpdb;
		$table = Schema::table( 'booking_links' );
		$ids   = array_map( 'intval', (array) $wpdb->get_col( $wpdb->prepare( 'SELECT id FROM %i WHERE connection_id = %d ORDER BY id LIMIT %d', $table, $from, $limit ) ) );
		if ( $ids ) {
			// phpcs:ignore WordPress.DB.PreparedSQLPlaceholders.UnfinishedPrepare -- one %d per id.
			$wpdb->query( $wpdb->prepare( 'UPDATE %i SET connection_id = %d WHERE id IN (' . implode( ',', array_fill( 0, count( $ids ), '%d' ) ) . ')', array_merge( array( $table, $to ), $ids ) ) );
		}
		return count( $ids );
	}

	/**
	 * The ids of up to `$limit` bookings of a source, lowest first.
	 *
	 * @param string $source Booking source.
	 * @param int    $limit  Batch size.
	 * @return int[]
	 */
	private function batch( string $source, int $limit ): array {
		global $wpdb;
		return array_map( 'intval', (array) $wpdb->get_col( $wpdb->prepare( 'SELECT id FROM %i WHERE source = %s ORDER BY id LIMIT %d', Schema::table( 'bookings' ), $source, $limit ) ) );
	}
}
