<?php

namespace SyncWarden\Tests\Integration\Storage;

use SyncWarden\Storage\BulkInsert;
use SyncWarden\Storage\Schema;
use SyncWarden\Storage\Transaction;
use SyncWarden\Tests\TestCase;

/**
 * Many rows in one statement store exactly what they hold on both engines (this class runs on
 * SQLite and on MariaDB); on the SQLite drop-in they are bound on its connection instead of going
 * through its MySQL translator, and a refused statement stores nothing.
 */
final class BulkInsertTest extends TestCase {

	private const COLUMNS = array( 'booking_id', 'connection_id', 'external_id', 'etag', 'updated_at' );

	/** Statements announced: [table, rows, via wpdb]. */
	private array $announced = array();

	/** INSERTs the `query` filter saw. */
	private array $filtered = array();

	protected function setUp(): void {
		parent::setUp();
		add_action( 'syncwarden_bulk_insert', array( $this, 'announced' ), 10, 3 );
		add_filter( 'query', array( $this, 'filtered' ) );
	}

	protected function tearDown(): void {
		remove_action( 'syncwarden_bulk_insert', array( $this, 'announced' ) );
		remove_filter( 'query', array( $this, 'filtered' ) );
		parent::tearDown();
	}

	public function announced( string $table, int $rows, bool $via_wpdb ): void {
		$this->announced[] = array( $table, $rows, $via_wpdb );
	}

	public function filtered( string $query ): string {
		if ( str_contains( $query, 'syncwarden_booking_links' ) && preg_match( '/^\s*INSERT/i', $query ) ) {
			$this->filtered[] = $query;
		}
		return $query;
	}

	private static function table(): string {
		return Schema::table( 'booking_links' );
	}

	private static function stored(): array {
		global $wpdb;
		return (array) $wpdb->get_results( $wpdb->prepare( 'SELECT booking_id, connection_id, external_id, etag, updated_at FROM %i ORDER BY id', self::table() ), ARRAY_N );
	}

	private static function sqlite(): bool {
		global $wpdb;
		return $wpdb instanceof \WP_SQLite_DB;
	}

	public function test_every_value_is_stored_as_given_quotes_placeholders_and_unicode_included(): void {
		$rows = array(
			array( 7, 3, "O'Brien \"quoted\" ? %s %d ;--", 'etag-1', 1700000000 ),
			array( 8, 3, 'Zoë · 予約 🎉', '', 1700000001 ),
			array( 9, true, 'bool connection', '', 0 ),
		);

		$inserted = BulkInsert::rows( self::table(), self::COLUMNS, $rows );

		$this->assertSame( 3, $inserted );
		$expected = array_map( static fn( array $row ): array => array_map( 'strval', array_map( static fn( $v ) => is_bool( $v ) ? (int) $v : $v, $row ) ), $rows );
		$this->assertSame( $expected, self::stored() );
	}

	public function test_on_the_sqlite_drop_in_the_rows_skip_its_translator_and_on_mysql_they_go_through_wpdb(): void {
		BulkInsert::rows( self::table(), self::COLUMNS, array( array( 1, 2, 'a', '', 5 ) ) );

		$this->assertSame( array( array( self::table(), 1, ! self::sqlite() ) ), $this->announced );
		$this->assertCount( self::sqlite() ? 0 : 1, $this->filtered, 'the query filter sees the statement only where wpdb runs it' );
	}

	public function test_the_table_keeps_numbering_rows_after_a_bulk_insert(): void {
		global $wpdb;
		BulkInsert::rows( self::table(), self::COLUMNS, array( array( 1, 2, 'a', '', 5 ), array( 2, 2, 'b', '', 5 ) ) );
		$last = (int) $wpdb->get_var( $wpdb->prepare( 'SELECT MAX(id) FROM %i', self::table() ) );

		$wpdb->insert( self::table(), array_combine( self::COLUMNS, array( 3, 2, 'c', '', 5 ) ) );

		$this->assertSame( $last + 1, (int) $wpdb->insert_id );
	}

	public function test_ignore_skips_rows_whose_key_exists_and_counts_only_the_new_ones(): void {
		BulkInsert::rows( self::table(), self::COLUMNS, array( array( 1, 2, 'a', '', 5 ) ) );

		$inserted = BulkInsert::rows( self::table(), self::COLUMNS, array( array( 9, 2, 'a', 'other', 6 ), array( 2, 2, 'b', '', 5 ) ), true );

		$this->assertSame( 1, $inserted );
		$this->assertSame( array( array( '1', '2', 'a', '', '5' ), array( '2', '2', 'b', '', '5' ) ), self::stored() );
	}

	public function test_a_refused_statement_returns_false_and_stores_none_of_its_rows(): void {
		global $wpdb;
		$shown = $wpdb->hide_errors();
		$error = '';
		try {
			// Two rows with one (connection, external id) key: the database refuses the statement.
			$inserted = Transaction::run(
				static function () use ( $wpdb, &$error ) {
					$inserted = BulkInsert::rows( self::table(), self::COLUMNS, array( array( 1, 2, 'same', '', 5 ), array( 2, 2, 'same', '', 5 ) ) );
					$error    = $wpdb->last_error;
					return $inserted;
				}
			);
		} finally {
			$wpdb->show_errors( $shown );
		}

		$this->assertFalse( $inserted );
		$this->assertNotSame( '', $error, 'the reason is left where wpdb leaves it' );
		$this->assertSame( array(), self::stored() );
	}

	public function test_more_values_than_sqlite_binds_in_one_statement_are_split_and_all_stored(): void {
		$rows = array();
		for ( $n = 1; $n <= 7000; $n++ ) {
			$rows[] = array( $n, 4, "event-$n", '', 5 ); // 35,000 values: over SQLite's 32,766.
		}

		$inserted = Transaction::run( static fn() => BulkInsert::rows( self::table(), self::COLUMNS, $rows ) );

		$this->assertSame( 7000, $inserted );
		$this->assertCount( 7000, self::stored() );
		$this->assertSame( self::sqlite() ? array( 6553, 447 ) : array( 7000 ), array_column( $this->announced, 1 ) );
	}
}
