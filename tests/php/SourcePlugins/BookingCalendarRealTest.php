<?php

namespace SyncWarden\Tests\SourcePlugins;

use SyncWarden\Tests\SourcePluginTestCase;

/**
 * The real Booking Calendar (see Drivers/BookingCalendarDriver): a booking made through its
 * developer API and approved by its own auto-approval reaches the Google peer as one event at the
 * booked site-local time; approving it again from the Booking Listing changes nothing, moving it
 * to the trash deletes the event once, and deleting it completely sends nothing more.
 */
final class BookingCalendarRealTest extends SourcePluginTestCase {

	protected static function plugin(): string {
		return 'booking/wpdev-booking.php';
	}

	public function test_a_booking_made_approved_trashed_and_deleted_in_the_real_plugin_is_one_event_then_one_delete(): void {
		$booked = self::drive( 'book', '2026-12-21', '14:00 - 15:30', 'ada@example.test' );

		$created = $this->created_events();
		$this->assertCount( 1, $created, 'Booking Calendar ' . $booked['version'] );
		$this->assertSame( self::local( '2026-12-21 14:00' ), $created[0]['body']['start']['dateTime'] );
		$this->assertSame( self::local( '2026-12-21 15:30' ), $created[0]['body']['end']['dateTime'] );
		$this->assertSame( self::ZONE, $created[0]['body']['start']['timeZone'] );
		$this->assertSame( 'Booking #' . $booked['id'], $created[0]['body']['summary'] );

		self::drive( 'approve', (string) $booked['id'] ); // wpbc_booking_action__approved again.
		$this->assertSame( array(), $this->changed_events( 'PATCH' ) );

		self::drive( 'trash', (string) $booked['id'] );
		$this->assertCount( 1, $this->changed_events( 'DELETE' ) );

		self::drive( 'delete', (string) $booked['id'] );
		$this->assertCount( 1, $this->changed_events( 'DELETE' ) );
		$this->assertCount( 1, $this->created_events() );
		$this->assertSame( array(), $this->changed_events( 'PATCH' ) );
	}
}
