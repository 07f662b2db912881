<?php

namespace SyncWarden\Tests\MySQL;

use SyncWarden\Storage\BookingsRepository;
use SyncWarden\Storage\Transaction;
use SyncWarden\Tests\TestCase;

/**
 * Runs on MySQL/MariaDB only (tools/test.mjs adds this suite to the MariaDB layer): InnoDB hands
 * out auto-increment values to every session outside any transaction, so an import page that
 * numbered its own rows (MAX(id)+1…) collided with a booking another request stored meanwhile,
 * and a lock to prevent that stalled the other request. Here a second, real database session
 * stores bookings while the import page's transaction is open.
 */
final class BookingsBulkInsertSessionsTest extends TestCase {

	private \mysqli $other;

	private string $other_error = '';

	/** @var int[] */
	private array $other_ids = array();

	protected function setUp(): void {
		global $wpdb;
		parent::setUp();
		[ $host, $port, $socket ] = $wpdb->parse_db_host( DB_HOST );
		$this->other = new \mysqli( (string) $host, DB_USER, DB_PASSWORD, DB_NAME, (int) $port, (string) $socket );
		// Long enough for any honest statement, short enough that a lock held by the page shows as a failure.
		$this->other->query( 'SET SESSION innodb_lock_wait_timeout = 3' );
	}

	protected function tearDown(): void {
		global $wpdb;
		// The other session committed its rows: the test's rollback cannot take them away.
		foreach ( $this->other_ids as $id ) {
			$this->other->query( sprintf( 'DELETE FROM %ssyncwarden_bookings WHERE id = %d', $wpdb->prefix, $id ) );
		}
		$this->other->close();
		parent::tearDown();
	}

	/**
	 * The other session stores a booking as the booking form would (auto-commit), and says
	 * whether the database let it.
	 */
	private function other_session_stores( string $title ): bool {
		global $wpdb;
		$this->other_error = '';
		try {
			$done = $this->other->query( sprintf( "INSERT INTO %ssyncwarden_bookings (title, starts_at, ends_at, timezone, notes, source, created_at, updated_at) VALUES ('%s', 1700000000, 1700001800, 'UTC', '', 'manual', %d, %d)", $wpdb->prefix, $this->other->real_escape_string( $title ), time(), time() ) );
		} catch ( \mysqli_sql_exception $e ) {
			$this->other_error = $e->getMessage();
			return false;
		}
		if ( $done ) {
			$this->other_ids[] = (int) $this->other->insert_id;
		} else {
			$this->other_error = $this->other->error; // WordPress turns mysqli's exceptions off.
		}
		return (bool) $done;
	}

	public function test_another_session_stores_bookings_before_and_after_the_pages_insert_and_both_sides_keep_theirs(): void {
		$repository = new BookingsRepository();
		$repository->create( array( 'title' => 'Existing', 'starts_at' => 1700000000, 'ends_at' => 1700001800, 'timezone' => 'UTC', 'source' => 'google-1' ) );
		$page = array();
		foreach ( range( 1, 50 ) as $n ) {
			$page[ "ev$n" ] = array( 'title' => "Event $n", 'starts_at' => 1700000000 + $n * 3600, 'ends_at' => 1700001800 + $n * 3600, 'timezone' => 'UTC', 'source' => 'google-1' );
		}
		$stored_before = false;
		$stored_after  = false;
		$error_before  = '';
		$once          = false;
		$hook          = function ( string $query ) use ( &$once, &$stored_before, &$error_before ): string {
			if ( ! $once && str_starts_with( $query, 'INSERT INTO' ) && str_contains( $query, 'syncwarden_bookings' ) ) {
				$once          = true;
				$stored_before = $this->other_session_stores( 'Booked while the page was read' );
				$error_before  = $this->other_error;
			}
			return $query;
		};
		add_filter( 'query', $hook );
		try {
			$stored = Transaction::run(
				function () use ( $repository, $page, &$stored_after ): array {
					$rows         = $repository->insert_many( $page );
					$stored_after = $this->other_session_stores( 'Booked while the page was not yet committed' );
					return $rows;
				}
			);
		} finally {
			remove_filter( 'query', $hook );
		}

		$this->assertTrue( $stored_before, "The other session could not store its booking before the page's insert: $error_before" );
		$this->assertTrue( $stored_after, "The other session could not store its booking while the page's transaction was open: {$this->other_error}" );
		$this->assertSame( array_keys( $page ), array_keys( $stored ) );
		$this->assertSame( array_column( $page, 'title' ), array_column( $stored, 'title' ) );
		$this->assertSame( array(), array_intersect( $this->other_ids, array_column( $stored, 'id' ) ) );
		foreach ( $stored as $booking ) {
			$this->assertSame( $repository->find( $booking['id'] ), $booking );
		}
	}
}
