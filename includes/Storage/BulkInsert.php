<?php
/**
 * Many rows into one of our tables in one statement.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Storage;

defined( 'ABSPATH' ) || exit;

/**
 * One multi-row INSERT, as an import page stores its bookings and their links.
 *
 * On MySQL and MariaDB it is `$wpdb->prepare()` and `$wpdb->query()`. On the SQLite database
 * drop-in (Playground, WordPress Studio, the embedded default of `npm start`) every MySQL statement
 * is parsed into a syntax tree and translated before SQLite sees it, which costs about 36 µs per
 * value: 0.47 ms per booking row, six of the ten seconds of a 10,000-event first import. There the
 * rows are bound as parameters of a plain SQLite INSERT on the drop-in's own connection, inside
 * whatever transaction is open on it, which costs 0.01 ms per row (measured in
 * docs/benchmarks.md). The drop-in's connection is not one of its documented interfaces, so it is
 * used only when it is there exactly as expected; otherwise the portable statement runs.
 */
final class BulkInsert {

	/** SQLite's limit on bound parameters in one statement (SQLITE_MAX_VARIABLE_NUMBER since 3.32). */
	private const SQLITE_MAX_PARAMS = 32766;

	/**
	 * Inserts the rows.
	 *
	 * @param string            $table   One of our tables (Schema::table()).
	 * @param string[]          $columns Columns (our constants), in the rows' value order.
	 * @param array<int, array> $rows    Rows, each a list of values in column order: an int or
	 *                                   bool is stored as a number, anything else as a string.
	 * @param bool              $ignore  Skip rows whose unique key exists (INSERT IGNORE).
	 * @return int|false Rows inserted, or false when the database refused a statement. Run it in
	 *                   a transaction (Transaction::run()), so that nothing of the rows stays then.
	 */
	public static function rows( string $table, array $columns, array $rows, bool $ignore = false ): int|false {
		if ( ! $rows ) {
			return 0;
		}
		// A bool is a number to both engines (MySQL refuses '' for an integer column).
		$rows       = array_map( static fn( array $row ): array => array_map( static fn( $value ) => is_bool( $value ) ? (int) $value : $value, array_values( $row ) ), array_values( $rows ) );
		$connection = self::sqlite_connection();
		return null === $connection ? self::portable( $table, $columns, $rows, $ignore ) : self::sqlite( $connection, $table, $columns, $rows, $ignore );
	}

	/**
	 * The statement through wpdb, as on MySQL and MariaDB.
	 *
	 * @param string            $table   Table.
	 * @param string[]          $columns Columns.
	 * @param array<int, array> $rows    Rows.
	 * @param bool              $ignore  INSERT IGNORE.
	 */
	private static function portable( string $table, array $columns, array $rows, bool $ignore ): int|false {
		global $wpdb;
		$values = array_merge( ...$rows );
		$tuples = array_map( static fn( array $row ): string => '(' . implode( ', ', array_map( static fn( $value ): string => is_int( $value ) ? '%d' : '%s', $row ) ) . ')', $rows );
		$sql    = 'INSERT ' . ( $ignore ? 'IGNORE ' : '' ) . 'INTO %i (' . implode( ', ', $columns ) . ') VALUES ' . implode( ', ', $tuples );
		self::announce( $table, count( $rows ), true );
		// phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared, WordPress.DB.PreparedSQLPlaceholders.UnfinishedPrepare -- one placeholder per value; column names are our constants.
		$inserted = $wpdb->query( $wpdb->prepare( $sql, array_merge( array( $table ), $values ) ) );
		return false === $inserted ? false : (int) $inserted;
	}

	/**
	 * The rows as bound parameters on the drop-in's SQLite connection, in statements of at most
	 * SQLITE_MAX_PARAMS values.
	 *
	 * @param object            $connection The drop-in's WP_SQLite_Connection.
	 * @param string            $table      Table.
	 * @param string[]          $columns    Columns.
	 * @param array<int, array> $rows       Rows.
	 * @param bool              $ignore     INSERT OR IGNORE.
	 */
	private static function sqlite( object $connection, string $table, array $columns, array $rows, bool $ignore ): int|false {
		global $wpdb;
		$quote    = static fn( string $name ): string => '"' . str_replace( '"', '""', $name ) . '"';
		$row      = '(' . implode( ', ', array_fill( 0, count( $columns ), '?' ) ) . ')';
		$head     = 'INSERT ' . ( $ignore ? 'OR IGNORE ' : '' ) . 'INTO ' . $quote( $table ) . ' (' . implode( ', ', array_map( $quote, $columns ) ) . ') VALUES ';
		$inserted = 0;
		foreach ( array_chunk( $rows, max( 1, intdiv( self::SQLITE_MAX_PARAMS, count( $columns ) ) ) ) as $chunk ) {
			self::announce( $table, count( $chunk ), false );
			try {
				$wpdb->rows_affected = $connection->query( $head . implode( ', ', array_fill( 0, count( $chunk ), $row ) ), array_merge( ...$chunk ) )->rowCount();
			} catch ( \PDOException $e ) {
				$wpdb->last_error = $e->getMessage();
				return false;
			}
			++$wpdb->num_queries;
			$inserted += $wpdb->rows_affected;
		}
		return $inserted;
	}

	/**
	 * Fires before each statement.
	 *
	 * @param string $table    Table.
	 * @param int    $rows     Rows in the statement.
	 * @param bool   $via_wpdb Whether the statement goes through `$wpdb->query()` (and its `query`
	 *                         filter) or straight to the SQLite drop-in's connection.
	 */
	private static function announce( string $table, int $rows, bool $via_wpdb ): void {
		/**
		 * Fires just before SyncWarden stores many rows in one statement. On the SQLite drop-in
		 * the statement bypasses wpdb's `query` filter, so this is where a query monitor can
		 * still see it.
		 *
		 * @param string $table    Table.
		 * @param int    $rows     Rows in the statement.
		 * @param bool   $via_wpdb False when it goes straight to the SQLite connection.
		 */
		do_action( 'syncwarden_bulk_insert', $table, $rows, $via_wpdb );
	}

	/**
	 * The SQLite drop-in's own connection (`WP_SQLite_Connection`, sqlite-database-integration
	 * 2.1 and later), or null on any other database or drop-in version.
	 */
	private static function sqlite_connection(): ?object {
		global $wpdb;
		$driver = $wpdb->dbh ?? null;
		if ( ! is_object( $driver ) || ! class_exists( 'WP_SQLite_Connection', false ) || ! method_exists( $driver, 'get_connection' ) ) {
			return null;
		}
		$connection = $driver->get_connection();
		return $connection instanceof \WP_SQLite_Connection && method_exists( $connection, 'query' ) ? $connection : null;
	}
}
