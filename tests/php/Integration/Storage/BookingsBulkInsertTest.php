<?php

namespace SyncWarden\Tests\Integration\Storage;

use SyncWarden\Storage\BookingsRepository;
use SyncWarden\Storage\Transaction;
use SyncWarden\Tests\TestCase;

/**
 * An import page's bookings go in one statement that the table numbers: what it returns is what
 * find() reads, a booking another request stores meanwhile neither breaks the page nor is taken
 * for one of its rows, and rows that cannot be told apart fail the page rather than pair wrongly.
 * (The same race between two database sessions on InnoDB: tests/php/MySQL.)
 */
final class BookingsBulkInsertTest extends TestCase {

	private static function booking( string $title, string $source = 'google-1' ): array {
		return array(
			'title'     => $title,
			'starts_at' => 1700000000,
			'ends_at'   => 1700001800,
			'timezone'  => 'Europe/Rome',
			'source'    => $source,
		);
	}

	/**
	 * Runs insert_many() with $meanwhile run just before its INSERT reaches the database (on the
	 * SQLite drop-in that INSERT bypasses the `query` filter; BulkInsert announces it on both).
	 */
	private static function insert_with( callable $meanwhile, array $bookings ): array {
		$once = false;
		$hook = static function ( string $table ) use ( &$once, $meanwhile ): void {
			if ( ! $once && str_ends_with( $table, 'syncwarden_bookings' ) ) {
				$once = true;
				$meanwhile();
			}
		};
		add_action( 'syncwarden_bulk_insert', $hook );
		try {
			return Transaction::run( static fn() => ( new BookingsRepository() )->insert_many( $bookings ) );
		} finally {
			remove_action( 'syncwarden_bulk_insert', $hook );
		}
	}

	private static function count_titled( string $title ): int {
		global $wpdb;
		return (int) $wpdb->get_var( $wpdb->prepare( 'SELECT COUNT(*) FROM %i WHERE title = %s', $wpdb->prefix . 'syncwarden_bookings', $title ) );
	}

	public function test_returns_each_booking_exactly_as_stored_in_the_callers_order(): void {
		$repository = new BookingsRepository();
		$repository->create( self::booking( 'Existing' ) );

		$stored = Transaction::run( static fn() => $repository->insert_many( array( 'ev1' => self::booking( 'One' ), 'ev2' => self::booking( 'Two' ) ) ) );

		$this->assertSame( array( 'ev1', 'ev2' ), array_keys( $stored ) );
		$this->assertSame( array( 'One', 'Two' ), array_column( $stored, 'title' ) );
		foreach ( $stored as $booking ) {
			$this->assertSame( $repository->find( $booking['id'] ), $booking );
		}
		$this->assertGreaterThan( $stored['ev1']['id'], $stored['ev2']['id'] );
	}

	public function test_a_booking_another_request_stores_between_the_read_and_the_insert_is_kept_and_not_returned(): void {
		$repository = new BookingsRepository();
		$repository->create( self::booking( 'Existing' ) );
		$other = null;

		// A booking form on the site stores a booking while the import page is on its way.
		$stored = self::insert_with(
			static function () use ( $repository, &$other ): void {
				$other = $repository->create( self::booking( 'From the booking form', 'manual' ) );
			},
			array( 'ev1' => self::booking( 'One' ), 'ev2' => self::booking( 'Two' ) )
		);

		$this->assertIsInt( $other );
		$this->assertSame( 'From the booking form', $repository->find( $other )['title'] );
		$this->assertSame( array( 'One', 'Two' ), array_column( $stored, 'title' ) );
		$this->assertNotContains( $other, array_column( $stored, 'id' ) );
		foreach ( $stored as $booking ) {
			$this->assertSame( $repository->find( $booking['id'] ), $booking );
		}
	}

	public function test_a_booking_of_the_same_source_stored_meanwhile_fails_the_page_instead_of_pairing_it_wrongly(): void {
		global $wpdb;

		try {
			// Both seconds the page can have been stamped with: the one before and this one.
			self::insert_with(
				static function () use ( $wpdb ): void {
					foreach ( array( time() - 1, time() ) as $when ) {
						$wpdb->insert( $wpdb->prefix . 'syncwarden_bookings', self::booking( 'Not of this page' ) + array( 'created_at' => $when, 'updated_at' => $when ) );
					}
				},
				array( 'ev1' => self::booking( 'One' ) )
			);
			$this->fail( 'Rows that cannot be told apart were paired with the page.' );
		} catch ( \RuntimeException $e ) {
			$this->assertStringContainsString( 'another writer stored bookings of the same source', $e->getMessage() );
		}

		// The page's transaction was rolled back: its row is not stored.
		$this->assertSame( 0, self::count_titled( 'One' ) );
	}

	public function test_bookings_of_two_sources_are_refused_and_nothing_is_stored(): void {
		$this->expectException( \InvalidArgumentException::class );
		try {
			Transaction::run( static fn() => ( new BookingsRepository() )->insert_many( array( 'a' => self::booking( 'A' ), 'b' => self::booking( 'B', 'microsoft-2' ) ) ) );
		} finally {
			$this->assertSame( 0, self::count_titled( 'A' ) + self::count_titled( 'B' ) );
		}
	}
}
