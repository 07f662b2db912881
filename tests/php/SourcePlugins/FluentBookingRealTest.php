<?php

namespace SyncWarden\Tests\SourcePlugins;

use SyncWarden\Tests\SourcePluginTestCase;

/**
 * The real FluentBooking (see Drivers/FluentBookingDriver): a booking made through its booking
 * service by someone in New York is one Google event at that instant, shown in the site's zone,
 * with the event type as its title; its web reschedule is one change; a host's note (which fires
 * `after_patch_booking_schedule`) sends nothing; the host's cancel is one delete and the delete
 * afterwards sends nothing more. Busy time imported from the calendar makes the time unbookable
 * in the check its booking endpoint makes.
 */
final class FluentBookingRealTest extends SourcePluginTestCase {

	private const BOOKER = 'America/New_York';

	protected static function plugin(): string {
		return 'fluent-booking/fluent-booking.php';
	}

	public function test_a_booking_made_moved_noted_cancelled_and_deleted_in_the_real_plugin_is_one_event_one_change_one_delete(): void {
		$booked = self::drive( 'book', '2026-12-21 04:00:00', self::BOOKER, '30' ); // 10:00 in Berlin.

		$created = $this->created_events();
		$this->assertCount( 1, $created, 'FluentBooking ' . $booked['version'] );
		$this->assertSame( self::local( '2026-12-21 10:00' ), $created[0]['body']['start']['dateTime'] );
		$this->assertSame( self::local( '2026-12-21 10:30' ), $created[0]['body']['end']['dateTime'] );
		$this->assertSame( 'Intro call', $created[0]['body']['summary'] );

		$id = (string) $booked['id'];
		self::drive( 'reschedule', $id, '2026-12-22 08:00:00', self::BOOKER ); // 14:00 in Berlin.
		$patches = $this->changed_events( 'PATCH' );
		$this->assertCount( 1, $patches );
		$this->assertSame( self::local( '2026-12-22 14:00' ), $patches[0]['body']['start']['dateTime'] );
		$this->assertSame( self::local( '2026-12-22 14:30' ), $patches[0]['body']['end']['dateTime'] );

		self::drive( 'note', $id, 'Bring the contract.' );
		$this->assertCount( 1, $this->changed_events( 'PATCH' ) );

		self::drive( 'cancel', $id );
		$this->assertCount( 1, $this->changed_events( 'DELETE' ) );

		self::drive( 'delete', $id );
		$this->assertCount( 1, $this->changed_events( 'DELETE' ) );
		$this->assertCount( 1, $this->created_events() );
	}

	public function test_a_time_the_calendar_is_busy_cannot_be_booked_in_fluentbooking_and_a_free_one_still_can(): void {
		$before = self::drive( 'available', '2026-12-28 10:00:00', self::ZONE, '60' );
		$this->assertTrue( $before['available'], 'FluentBooking ' . $before['version'] . ' offers 10:00 on a Monday before any busy time' );

		$this->busy( '2026-12-28 10:30', 60 );

		$this->assertFalse( self::drive( 'available', '2026-12-28 10:00:00', self::ZONE, '60' )['available'] );
		$this->assertFalse( self::drive( 'available', '2026-12-28 11:00:00', self::ZONE, '60' )['available'] );
		$this->assertTrue( self::drive( 'available', '2026-12-28 13:00:00', self::ZONE, '60' )['available'] );
	}
}
