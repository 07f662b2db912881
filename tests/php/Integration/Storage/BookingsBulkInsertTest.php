<?php

namespace SyncWarden\Tests\Integration\Storage;

use SyncWarden\Storage\BookingsRepository;
use SyncWarden\Storage\Transaction;
use SyncWarden\Tests\TestCase;

/**
 * An import page's bookings go in one statement with ids taken after the highest one: what it
 * returns is what find() reads, and a row another process inserted in between makes it fail
 * without overwriting anything.
 */
final class BookingsBulkInsertTest extends TestCase {

	private static function booking( string $title ): array {
		return array(
			'title'     => $title,
			'starts_at' => 1700000000,
			'ends_at'   => 1700001800,
			'timezone'  => 'Europe/Rome',
			'source'    => 'google-1',
		);
	}

	public function test_returns_each_booking_exactly_as_stored(): void {
		$repository = new BookingsRepository();
		$repository->create( self::booking( 'Existing' ) );

		$stored = Transaction::run( static fn() => $repository->insert_many( array( 'ev1' => self::booking( 'One' ), 'ev2' => self::booking( 'Two' ) ) ) );

		$this->assertSame( array( 'ev1', 'ev2' ), array_keys( $stored ) );
		foreach ( $stored as $booking ) {
			$this->assertSame( $repository->find( $booking['id'] ), $booking );
		}
		$this->assertSame( $stored['ev1']['id'] + 1, $stored['ev2']['id'] );
	}

	public function test_an_id_taken_after_the_read_makes_it_fail_and_overwrites_nothing(): void {
		global $wpdb;
		$repository = new BookingsRepository();
		$repository->create( self::booking( 'Written by another process' ) );
		// As if that process inserted its row just after we read the highest id.
		$stale_read = static fn( string $query ): string => preg_replace( '/^SELECT MAX\(id\)/', 'SELECT MAX(id) - 1', $query );
		add_filter( 'query', $stale_read );
		$shown = $wpdb->hide_errors();

		try {
			Transaction::run( static fn() => $repository->insert_many( array( 'ev1' => self::booking( 'One' ) ) ) );
			$this->fail( 'The conflicting insert was not refused.' );
		} catch ( \RuntimeException $e ) {
			$this->assertStringContainsString( 'could not be stored', $e->getMessage() );
		} finally {
			remove_filter( 'query', $stale_read );
			$wpdb->show_errors( $shown );
		}

		// The primary key refused the row. (MySQL fails just that statement; the SQLite driver
		// discards the whole transaction, so the other row cannot be read back here.)
		$this->assertSame( '0', (string) $wpdb->get_var( "SELECT COUNT(*) FROM {$wpdb->prefix}syncwarden_bookings WHERE title = 'One'" ) );
	}
}
