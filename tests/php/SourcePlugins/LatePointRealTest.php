<?php

namespace SyncWarden\Tests\SourcePlugins;

use SyncWarden\Tests\SourcePluginTestCase;

/**
 * The real LatePoint (see Drivers/LatePointDriver): a booking made the way its admin order form
 * saves one is one Google event at the site-local time with the service as its title; the same
 * reschedule saved twice is one change; its cancel (which fires `latepoint_booking_updated`
 * twice) is one delete; deleting the booking afterwards sends nothing more. A booking moved to
 * midnight, whose UTC columns LatePoint leaves as they were, is exported at midnight. Busy time
 * imported from the calendar makes the time unbookable in LatePoint's own availability check.
 */
final class LatePointRealTest extends SourcePluginTestCase {

	protected static function plugin(): string {
		return 'latepoint/latepoint.php';
	}

	public function test_a_booking_made_moved_cancelled_and_deleted_in_the_real_plugin_is_one_event_one_change_one_delete(): void {
		$booked = self::drive( 'book', '2026-12-21', (string) ( 10 * 60 ), (string) ( 11 * 60 ) );

		$created = $this->created_events();
		$this->assertCount( 1, $created, 'LatePoint ' . $booked['version'] );
		$this->assertSame( self::local( '2026-12-21 10:00' ), $created[0]['body']['start']['dateTime'] );
		$this->assertSame( self::local( '2026-12-21 11:00' ), $created[0]['body']['end']['dateTime'] );
		$this->assertSame( 'Consultation', $created[0]['body']['summary'] );

		$id = (string) $booked['id'];
		self::drive( 'reschedule', $id, '2026-12-22', (string) ( 14 * 60 ) );
		self::drive( 'reschedule', $id, '2026-12-22', (string) ( 14 * 60 ) );
		$patches = $this->changed_events( 'PATCH' );
		$this->assertCount( 1, $patches );
		$this->assertSame( self::local( '2026-12-22 14:00' ), $patches[0]['body']['start']['dateTime'] );
		$this->assertSame( self::local( '2026-12-22 15:00' ), $patches[0]['body']['end']['dateTime'] );

		self::drive( 'cancel', $id );
		$this->assertCount( 1, $this->changed_events( 'DELETE' ) );

		self::drive( 'delete', $id );
		$this->assertCount( 1, $this->changed_events( 'DELETE' ) );
		$this->assertCount( 1, $this->changed_events( 'PATCH' ) );
		$this->assertCount( 1, $this->created_events() );
	}

	public function test_a_booking_moved_to_midnight_is_exported_at_midnight_as_latepoint_shows_it(): void {
		$booked = self::drive( 'book', '2026-12-21', (string) ( 10 * 60 ), (string) ( 11 * 60 ) );

		self::drive( 'reschedule', (string) $booked['id'], '2026-12-22', '0' );

		$patches = $this->changed_events( 'PATCH' );
		$this->assertCount( 1, $patches, 'LatePoint ' . $booked['version'] );
		$this->assertSame( self::local( '2026-12-22 00:00' ), $patches[0]['body']['start']['dateTime'] );
		$this->assertSame( self::local( '2026-12-22 01:00' ), $patches[0]['body']['end']['dateTime'] );
	}

	public function test_a_time_the_calendar_is_busy_cannot_be_booked_in_latepoint_and_a_free_one_still_can(): void {
		$before = self::drive( 'available', '2026-12-28', (string) ( 10 * 60 ), '60' );
		$this->assertTrue( $before['available'], 'LatePoint ' . $before['version'] . ' offers 10:00 on a Monday before any busy time' );

		$this->busy( '2026-12-28 10:30', 60 );

		$this->assertFalse( self::drive( 'available', '2026-12-28', (string) ( 10 * 60 ), '60' )['available'] );
		$this->assertFalse( self::drive( 'available', '2026-12-28', (string) ( 11 * 60 ), '60' )['available'] );
		$this->assertTrue( self::drive( 'available', '2026-12-28', (string) ( 12 * 60 ), '60' )['available'] );
	}
}
