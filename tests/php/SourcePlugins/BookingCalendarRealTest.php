<?php

namespace SyncWarden\Tests\SourcePlugins;

use SyncWarden\Tests\SourcePluginTestCase;

/**
 * The real Booking Calendar: a booking made through its developer API and approved by its own
 * auto-approval reaches the Google peer as one event at the booked site-local time.
 */
final class BookingCalendarRealTest extends SourcePluginTestCase {

	protected static function plugin(): string {
		return 'booking/wpdev-booking.php';
	}

	public function test_a_booking_made_and_approved_in_the_real_plugin_becomes_one_google_event(): void {
		$booked = self::run_site( array( 'booking-calendar', '2026-12-21', '14:00 - 15:30', 'ada@example.test' ) );

		$this->assertGreaterThan( 0, $booked['id'], (string) $booked['error'] );
		$created = $this->created_events();
		$this->assertCount( 1, $created, 'Booking Calendar ' . $booked['version'] );
		$zone = new \DateTimeZone( wp_timezone_string() );
		$this->assertSame( ( new \DateTimeImmutable( '2026-12-21 14:00', $zone ) )->format( DATE_RFC3339 ), $created[0]['body']['start']['dateTime'] );
		$this->assertSame( ( new \DateTimeImmutable( '2026-12-21 15:30', $zone ) )->format( DATE_RFC3339 ), $created[0]['body']['end']['dateTime'] );
	}
}
