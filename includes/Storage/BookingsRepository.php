<?php
/**
 * Bookings and their links to external items, in the plugin's own tables.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Storage;

use SyncWarden\Time\AllDay;

defined( 'ABSPATH' ) || exit;

/**
 * Times are stored as UTC Unix timestamps with the original IANA time zone beside them. Text is
 * stored as given and escaped on output. The link table's unique keys make a duplicate import
 * (or a booking exported twice to one connection) impossible by construction.
 */
final class BookingsRepository {

	public const FIELDS = array( 'title', 'starts_at', 'ends_at', 'timezone', 'status', 'customer_name', 'customer_email', 'customer_phone', 'notes', 'source', 'all_day' );

	/**
	 * The bookings table's columns, in table order.
	 */
	private const COLUMNS = array( 'id', 'title', 'starts_at', 'ends_at', 'timezone', 'status', 'customer_name', 'customer_email', 'customer_phone', 'notes', 'source', 'created_at', 'updated_at', 'all_day' );

	/**
	 * What a stored booking holds for a field nobody gave (the table's defaults, spelled out so
	 * that insert() can return the stored row without reading it back).
	 */
	private const DEFAULTS = array(
		'title'          => '',
		'timezone'       => 'UTC',
		'status'         => 'confirmed',
		'customer_name'  => '',
		'customer_email' => '',
		'customer_phone' => '',
		'notes'          => '',
		'source'         => 'manual',
		'all_day'        => 0,
	);

	/**
	 * Stores a booking.
	 *
	 * @param array $booking Validated fields (see FIELDS).
	 * @return int|\WP_Error New id, or why the database refused the row.
	 */
	public function create( array $booking ): int|\WP_Error {
		$stored = $this->insert( $booking );
		return is_wp_error( $stored ) ? $stored : $stored['id'];
	}

	/**
	 * Stores a booking and returns it as find() would.
	 *
	 * @param array $booking Validated fields (see FIELDS).
	 * @return array<string, mixed>|\WP_Error The stored booking, or why the database refused it
	 *         (e.g. a character an old 3-byte utf8 table cannot hold); nothing is stored then.
	 */
	public function insert( array $booking ): array|\WP_Error {
		global $wpdb;
		$row = self::new_row( $booking, time() ); // No id: the table numbers it.
		$inserted = $wpdb->insert( Schema::table( 'bookings' ), $row );
		if ( 1 !== $inserted || ! $wpdb->insert_id ) {
			return new \WP_Error( 'syncwarden_booking_not_stored', __( 'The database refused to store this booking, so nothing was saved. Site Health may show a database problem (for example a table that cannot hold some characters).', 'syncwarden' ), array( 'status' => 500 ) );
		}
		return self::typed( array( 'id' => (int) $wpdb->insert_id ) + $row );
	}

	/**
	 * A new booking's row in the table's column order without its id, like a row read back: given
	 * fields, defaults for the rest, both timestamps `$now`.
	 *
	 * @param array $booking Validated fields (see FIELDS).
	 * @param int   $now     Creation time.
	 * @return array<string, mixed>
	 */
	private static function new_row( array $booking, int $now ): array {
		return array_merge(
			array_fill_keys( array_slice( self::COLUMNS, 1 ), null ),
			array(
				'created_at' => $now,
				'updated_at' => $now,
			) + array_intersect_key( $booking, array_flip( self::FIELDS ) ) + self::DEFAULTS
		);
	}

	/**
	 * Stores many bookings in one statement (an import page) and returns them by the caller's
	 * keys, as find() would. The table numbers the rows, never this method: ids picked here as
	 * MAX(id)+1… collide with a row another request numbers meanwhile (InnoDB hands out
	 * auto-increment values outside any transaction), and a lock to prevent that would stall
	 * every booking form on the site for the length of an import page. The ids are read back as
	 * the rows of this source above the highest id before the insert, created this second, in
	 * insert order (auto-increment values rise within a statement on every engine); the caller
	 * is that source's only writer (the import lock) and a count that does not match fails the
	 * page instead of pairing a row with the wrong event.
	 *
	 * @param array<string, array> $bookings Key => validated fields (see FIELDS), one source.
	 * @return array<string, array<string, mixed>> Key => stored booking.
	 * @throws \InvalidArgumentException When the bookings do not share one source.
	 * @throws \RuntimeException When the database refused the rows or they cannot be told apart
	 *                           (run it in a transaction, so that nothing of them stays then).
	 */
	public function insert_many( array $bookings ): array {
		global $wpdb;
		if ( ! $bookings ) {
			return array();
		}
		$now  = time();
		$rows = array_map( static fn( array $booking ): array => self::new_row( $booking, $now ), $bookings );
		$source = array_unique( array_column( $rows, 'source' ) );
		if ( 1 !== count( $source ) ) {
			throw new \InvalidArgumentException( 'One import page stores the bookings of one source.' );
		}
		$table    = Schema::table( 'bookings' );
		$before   = (int) $wpdb->get_var( $wpdb->prepare( 'SELECT COALESCE(MAX(id), 0) FROM %i', $table ) );
		$inserted = BulkInsert::rows( $table, array_slice( self::COLUMNS, 1 ), array_values( $rows ) );
		$ids      = array_map( 'intval', (array) $wpdb->get_col( $wpdb->prepare( 'SELECT id FROM %i WHERE id > %d AND source = %s AND created_at = %d ORDER BY id', $table, $before, $source[0], $now ) ) );
		if ( count( $rows ) !== $inserted || count( $rows ) !== count( $ids ) ) {
			// phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain text for logs and JSON; escaped where shown as HTML.
			throw new \RuntimeException( 'The bookings could not be stored: ' . ( $wpdb->last_error ?: 'another writer stored bookings of the same source at the same time' ) );
		}
		$stored = array();
		foreach ( array_keys( $rows ) as $index => $key ) {
			$stored[ $key ] = self::typed( array( 'id' => $ids[ $index ] ) + $rows[ $key ] );
		}
		return $stored;
	}

	/**
	 * Bookings by id, in one query.
	 *
	 * @param int[] $ids Booking ids.
	 * @return array<int, array<string, mixed>> Id => booking.
	 */
	public function find_many( array $ids ): array {
		global $wpdb;
		$ids = array_values( array_unique( array_map( 'intval', $ids ) ) );
		if ( ! $ids ) {
			return array();
		}
		$found = array();
		// phpcs:ignore WordPress.DB.PreparedSQLPlaceholders.UnfinishedPrepare -- one %d per id.
		$rows = $wpdb->get_results( $wpdb->prepare( 'SELECT * FROM %i WHERE id IN (' . implode( ',', array_fill( 0, count( $ids ), '%d' ) ) . ')', array_merge( array( Schema::table( 'bookings' ) ), $ids ) ), ARRAY_A );
		foreach ( (array) $rows as $row ) {
			$found[ (int) $row['id'] ] = self::typed( $row );
		}
		return $found;
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
		$row = $wpdb->get_row( $wpdb->prepare( 'SELECT * FROM %i WHERE id = %d', Schema::table( 'bookings' ), $id ), ARRAY_A );
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
		// $where is built above from fixed column names and placeholders only; every value is in $params.
		$total    = (int) $wpdb->get_var( $wpdb->prepare( "SELECT COUNT(*) FROM %i WHERE $where", array_merge( array( $table ), $params ) ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- $where: fixed columns and placeholders only.
		$rows     = $wpdb->get_results( $wpdb->prepare( "SELECT * FROM %i WHERE $where ORDER BY starts_at ASC, id ASC LIMIT %d OFFSET %d", array_merge( array( $table ), $params, array( $per_page, $offset ) ) ), ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- $where: fixed columns and placeholders only.
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
		$rows = $wpdb->get_results( $wpdb->prepare( 'SELECT * FROM %i WHERE customer_email = %s ORDER BY id LIMIT %d OFFSET %d', Schema::table( 'bookings' ), $email, $per_page, ( max( 1, $page ) - 1 ) * $per_page ), ARRAY_A );
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
				'INSERT IGNORE INTO %i (booking_id, connection_id, external_id, etag, updated_at) VALUES (%d, %d, %s, %s, %d)',
				Schema::table( 'booking_links' ),
				$booking_id,
				$connection_id,
				$external_id,
				$etag,
				time()
			)
		);
	}

	/**
	 * Links many bookings to their external items in one statement (an import page).
	 *
	 * @param int                $connection_id Connection id.
	 * @param array<string, int> $links         External id => booking id.
	 */
	public function link_many( int $connection_id, array $links ): void {
		global $wpdb;
		if ( ! $links ) {
			return;
		}
		$rows = array();
		$now  = time();
		foreach ( $links as $external_id => $booking_id ) {
			$rows[] = array( $booking_id, $connection_id, (string) $external_id, '', $now );
		}
		BulkInsert::rows( Schema::table( 'booking_links' ), array( 'booking_id', 'connection_id', 'external_id', 'etag', 'updated_at' ), $rows, true );
	}

	/**
	 * The provider's id of a booking exported to a connection, or null.
	 *
	 * @param int $booking_id    Booking id.
	 * @param int $connection_id Connection id.
	 */
	public function external_id( int $booking_id, int $connection_id ): ?string {
		global $wpdb;
		$id = $wpdb->get_var( $wpdb->prepare( 'SELECT external_id FROM %i WHERE booking_id = %d AND connection_id = %d', Schema::table( 'booking_links' ), $booking_id, $connection_id ) );
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
		$id = $wpdb->get_var( $wpdb->prepare( 'SELECT booking_id FROM %i WHERE connection_id = %d AND external_id = %s', Schema::table( 'booking_links' ), $connection_id, $external_id ) );
		return null === $id ? null : (int) $id;
	}

	/**
	 * The bookings linked to a page of external items, in one query.
	 *
	 * @param int      $connection_id Connection id.
	 * @param string[] $external_ids  Provider's ids.
	 * @return array<string, int> External id => booking id, for the linked ones.
	 */
	public function find_by_externals( int $connection_id, array $external_ids ): array {
		global $wpdb;
		$external_ids = array_values( array_unique( array_map( 'strval', $external_ids ) ) );
		if ( ! $external_ids ) {
			return array();
		}
		$linked = array();
		// phpcs:ignore WordPress.DB.PreparedSQLPlaceholders.UnfinishedPrepare -- one %s per id.
		$rows = $wpdb->get_results( $wpdb->prepare( 'SELECT external_id, booking_id FROM %i WHERE connection_id = %d AND external_id IN (' . implode( ',', array_fill( 0, count( $external_ids ), '%s' ) ) . ')', array_merge( array( Schema::table( 'booking_links' ), $connection_id ), $external_ids ) ), ARRAY_A );
		foreach ( (array) $rows as $row ) {
			$linked[ (string) $row['external_id'] ] = (int) $row['booking_id'];
		}
		return $linked;
	}

	/**
	 * A row with numeric columns as integers, all_day as a boolean, and for an all-day booking its
	 * dates in its zone (`start_date`, and `end_date` exclusive as in Google and Graph; null otherwise).
	 *
	 * @param array $row Raw row.
	 * @return array<string, mixed>
	 */
	private static function typed( array $row ): array {
		foreach ( array( 'id', 'starts_at', 'ends_at', 'created_at', 'updated_at' ) as $column ) {
			$row[ $column ] = (int) $row[ $column ];
		}
		$row['all_day']    = (bool) (int) $row['all_day'];
		$row['start_date'] = $row['all_day'] ? AllDay::date( $row['starts_at'], (string) $row['timezone'] ) : null;
		$row['end_date']   = $row['all_day'] ? AllDay::date( $row['ends_at'], (string) $row['timezone'] ) : null;
		return $row;
	}

	/**
	 * Dates the connection's links before a full listing that starts now, so a link made in the
	 * same second before it cannot pass for one the listing saw or made.
	 *
	 * @param int $connection_id Connection id.
	 * @param int $listed_at     When the listing starts.
	 */
	public function mark_before( int $connection_id, int $listed_at ): void {
		global $wpdb;
		$wpdb->query( $wpdb->prepare( 'UPDATE %i SET updated_at = %d WHERE connection_id = %d AND updated_at >= %d', Schema::table( 'booking_links' ), $listed_at - 1, $connection_id, $listed_at ) );
	}

	/**
	 * Marks the links of items a full listing contained as seen at the listing's start (a
	 * link's updated_at is when a full listing last saw it, or when it was made).
	 *
	 * @param int      $connection_id Connection id.
	 * @param string[] $external_ids  Provider's ids.
	 * @param int      $listed_at     When the listing started.
	 */
	public function mark_listed( int $connection_id, array $external_ids, int $listed_at ): void {
		global $wpdb;
		$external_ids = array_values( array_unique( array_map( 'strval', $external_ids ) ) );
		if ( ! $external_ids ) {
			return;
		}
		// phpcs:ignore WordPress.DB.PreparedSQLPlaceholders.UnfinishedPrepare -- one %s per id.
		$wpdb->query( $wpdb->prepare( 'UPDATE %i SET updated_at = %d WHERE connection_id = %d AND external_id IN (' . implode( ',', array_fill( 0, count( $external_ids ), '%s' ) ) . ')', array_merge( array( Schema::table( 'booking_links' ), $listed_at, $connection_id ), $external_ids ) ) );
	}

	/**
	 * Confirmed bookings a connection imported that overlap a window and whose links no full
	 * listing since `$listed_at` has seen.
	 *
	 * @param int                         $connection_id Connection id.
	 * @param string                      $source        The connection's booking source.
	 * @param int                         $listed_at     When the listing started.
	 * @param array{start: int, end: int} $window        Listed window.
	 * @param int                         $limit         At most this many.
	 * @return array[] Bookings.
	 */
	public function unlisted( int $connection_id, string $source, int $listed_at, array $window, int $limit ): array {
		global $wpdb;
		$rows = $wpdb->get_results(
			$wpdb->prepare(
				"SELECT b.* FROM %i b INNER JOIN %i l ON l.booking_id = b.id WHERE l.connection_id = %d AND l.updated_at < %d AND b.source = %s AND b.status = 'confirmed' AND b.ends_at > %d AND b.starts_at < %d ORDER BY b.id LIMIT %d",
				Schema::table( 'bookings' ),
				Schema::table( 'booking_links' ),
				$connection_id,
				$listed_at,
				$source,
				$window['start'],
				$window['end'],
				$limit
			),
			ARRAY_A
		);
		return array_map( array( self::class, 'typed' ), (array) $rows );
	}
}
