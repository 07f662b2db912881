<?php

namespace SyncWarden\Tests\Integration\Storage;

use SyncWarden\Storage\BookingsRepository;
use SyncWarden\Tests\TestCase;

/**
 * A booking the database refuses (issue 12, item 17; in the field: an emoji on an old 3-byte
 * utf8 table) is a WP_Error with a plain message and a 500, never a warning, an empty booking
 * or a TypeError further on.
 */
final class BookingInsertFailureTest extends TestCase {

	/**
	 * Makes the database refuse the next INSERT into the bookings table (it names a column the
	 * table does not have, so the server itself answers with an error).
	 */
	private static function refuse_booking_inserts(): \Closure {
		global $wpdb;
		$table  = $wpdb->prefix . 'syncwarden_bookings';
		$refuse = static fn( string $query ): string => str_starts_with( $query, "INSERT INTO `$table`" ) ? str_replace( '(`title`', '(`no_such_column`', $query ) : $query;
		add_filter( 'query', $refuse );
		return $refuse;
	}

	public function test_a_refused_insert_is_a_wp_error_over_rest_and_stores_nothing(): void {
		global $wpdb;
		$this->log_in_as( 'administrator' );
		$refuse = self::refuse_booking_inserts();
		$shown  = $wpdb->hide_errors();
		try {
			$response = $this->rest( 'POST', '/syncwarden/v1/bookings', array( 'title' => 'Call 🎉', 'start' => '2030-01-02T10:00:00+01:00', 'end' => '2030-01-02T10:30:00+01:00', 'timezone' => 'Europe/Rome' ) );
		} finally {
			remove_filter( 'query', $refuse );
			$wpdb->show_errors( $shown );
		}

		$this->assertSame( 500, $response->get_status() );
		$this->assertSame( 'syncwarden_booking_not_stored', $response->get_data()['code'] );
		$this->assertSame( '0', (string) $wpdb->get_var( "SELECT COUNT(*) FROM {$wpdb->prefix}syncwarden_bookings" ) );
	}

	public function test_the_repository_returns_the_error_instead_of_an_id_of_zero(): void {
		global $wpdb;
		$refuse = self::refuse_booking_inserts();
		$shown  = $wpdb->hide_errors();
		try {
			$result = ( new BookingsRepository() )->create( array( 'title' => 'Call', 'starts_at' => 1700000000, 'ends_at' => 1700001800 ) );
		} finally {
			remove_filter( 'query', $refuse );
			$wpdb->show_errors( $shown );
		}

		$this->assertWPError( $result );
	}
}
