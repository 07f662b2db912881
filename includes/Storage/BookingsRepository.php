<?php
/**
 * Bookings and their links to external items, in the plugin's own tables.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Storage;

defined( 'ABSPATH' ) || exit;

/**
 * Times are stored as UTC Unix timestamps with the original IANA time zone beside them. Text is
 * stored as given and escaped on output. The link table's unique keys make a duplicate import
 * (or a booking exported twice to one connection) impossible by construction.
 */
final class BookingsRepository {

	public const FIELDS = array( 'title', 'starts_at', 'ends_at', 'timezone', 'status', 'customer_name', 'customer_email', 'customer_phone', 'notes', 'source' );

	/**
	 * Stores a booking.
	 *
	 * @param array $booking Validated fields (see FIELDS).
	 * @return int New id.
	 */
	public function create( array $booking ): int {
		global $wpdb;
		$now = time();
		$wpdb->insert(
			Schema::table( 'bookings' ),
			array_intersect_key( $booking, array_flip( self::FIELDS ) ) + array(
				'notes'      => '',
				'created_at' => $now,
				'updated_at' => $now,
			)
		);
		return (int) $wpdb->insert_id;
	}

	/**
	 * Changes fields of a booking.
	 *
	 * @param int   $id      Booking id.
	 * @param array $changes Validated fields.
	 */
	public function update( int $id, array $changes ): void {
		global $wpdb;
		$wpdb->update( Schema::table( 'bookings' ), array_intersect_key( $changes, array_flip( self::FIELDS ) ) + array( 'updated_at' => time() ), array( 'id' => $id ) );
	}

	/**
	 * One booking, or null.
	 *
	 * @param int $id Booking id.
	 * @return array<string, mixed>|null
	 */
	public function find( int $id ): ?array {
		global $wpdb;
		$row = $wpdb->get_row( $wpdb->prepare( 'SELECT * FROM ' . Schema::table( 'bookings' ) . ' WHERE id = %d', $id ), ARRAY_A );
		return is_array( $row ) ? self::typed( $row ) : null;
	}

	/**
	 * Filtered, paged bookings, soonest first.
	 *
	 * @param array $filters search, source, status, page, per_page.
	 * @return array{items: array<int, array>, total: int}
	 */
	public function query( array $filters ): array {
		global $wpdb;
		$conditions = array( '1=1' );
		$params     = array();
		foreach ( array( 'source', 'status' ) as $column ) {
			if ( ! empty( $filters[ $column ] ) ) {
				$conditions[] = "$column = %s";
				$params[]     = $filters[ $column ];
			}
		}
		if ( ! empty( $filters['search'] ) ) {
			$like         = '%' . $wpdb->esc_like( (string) $filters['search'] ) . '%';
			$conditions[] = '(title LIKE %s OR customer_name LIKE %s OR customer_email LIKE %s)';
			array_push( $params, $like, $like, $like );
		}
		$where    = implode( ' AND ', $conditions );
		$table    = Schema::table( 'bookings' );
		$per_page = (int) ( $filters['per_page'] ?? 25 );
		$offset   = ( max( 1, (int) ( $filters['page'] ?? 1 ) ) - 1 ) * $per_page;
		$count    = "SELECT COUNT(*) FROM $table WHERE $where";
		$total    = (int) $wpdb->get_var( $params ? $wpdb->prepare( $count, $params ) : $count ); // phpcs:ignore WordPress.DB.PreparedSQL -- placeholders only.
		$rows     = $wpdb->get_results( $wpdb->prepare( "SELECT * FROM $table WHERE $where ORDER BY starts_at ASC, id ASC LIMIT %d OFFSET %d", array_merge( $params, array( $per_page, $offset ) ) ), ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL
		return array(
			'items' => array_map( array( self::class, 'typed' ), (array) $rows ),
			'total' => $total,
		);
	}

	/**
	 * A customer's bookings (for the privacy exporter and eraser).
	 *
	 * @param string $email    Customer e-mail.
	 * @param int    $page     Page, from 1.
	 * @param int    $per_page Page size.
	 * @return array<int, array>
	 */
	public function find_by_email( string $email, int $page, int $per_page ): array {
		global $wpdb;
		$rows = $wpdb->get_results( $wpdb->prepare( 'SELECT * FROM ' . Schema::table( 'bookings' ) . ' WHERE customer_email = %s ORDER BY id LIMIT %d OFFSET %d', $email, $per_page, ( max( 1, $page ) - 1 ) * $per_page ), ARRAY_A );
		return array_map( array( self::class, 'typed' ), (array) $rows );
	}

	/**
	 * Links a booking to an external item of a connection; false when either side is linked already.
	 *
	 * @param int    $booking_id    Booking id.
	 * @param int    $connection_id Connection id.
	 * @param string $external_id   Provider's id for the item.
	 * @param string $etag          Provider's version tag.
	 */
	public function link( int $booking_id, int $connection_id, string $external_id, string $etag = '' ): bool {
		global $wpdb;
		return 1 === $wpdb->query(
			$wpdb->prepare(
				'INSERT IGNORE INTO ' . Schema::table( 'booking_links' ) . ' (booking_id, connection_id, external_id, etag, updated_at) VALUES (%d, %d, %s, %s, %d)',
				$booking_id,
				$connection_id,
				$external_id,
				$etag,
				time()
			)
		);
	}

	/**
	 * The provider's id of a booking exported to a connection, or null.
	 *
	 * @param int $booking_id    Booking id.
	 * @param int $connection_id Connection id.
	 */
	public function external_id( int $booking_id, int $connection_id ): ?string {
		global $wpdb;
		$id = $wpdb->get_var( $wpdb->prepare( 'SELECT external_id FROM ' . Schema::table( 'booking_links' ) . ' WHERE booking_id = %d AND connection_id = %d', $booking_id, $connection_id ) );
		return null === $id ? null : (string) $id;
	}

	/**
	 * The booking linked to an external item, or null.
	 *
	 * @param int    $connection_id Connection id.
	 * @param string $external_id   Provider's id.
	 */
	public function find_by_external( int $connection_id, string $external_id ): ?int {
		global $wpdb;
		$id = $wpdb->get_var( $wpdb->prepare( 'SELECT booking_id FROM ' . Schema::table( 'booking_links' ) . ' WHERE connection_id = %d AND external_id = %s', $connection_id, $external_id ) );
		return null === $id ? null : (int) $id;
	}

	/**
	 * A row with numeric columns as integers.
	 *
	 * @param array $row Raw row.
	 * @return array<string, mixed>
	 */
	private static function typed( array $row ): array {
		foreach ( array( 'id', 'starts_at', 'ends_at', 'created_at', 'updated_at' ) as $column ) {
			$row[ $column ] = (int) $row[ $column ];
		}
		return $row;
	}
}
