<?php

namespace SyncWarden\Tests\SourcePluginsMySQL;

use SyncWarden\Tests\SourcePluginTestCase;

/**
 * The real Amelia Lite (see SourcePlugins/Drivers/AmeliaDriver), on MySQL/MariaDB only: its
 * tables use SQL the SQLite translator refuses, so this suite runs only in the MariaDB layer
 * (never skipped on SQLite). An appointment added through its admin controller is one Google
 * event at the site-local time with the service as its title; the same new time saved twice is
 * one change; cancelling it is one delete, and deleting it afterwards sends nothing more. An
 * appointment waiting for approval is exported once its customer booking is approved from the
 * booking list, and deleting that only booking (which deletes the appointment) takes it off.
 */
final class AmeliaRealTest extends SourcePluginTestCase {

	protected static function plugin(): string {
		return 'ameliabooking/ameliabooking.php';
	}

	public function test_an_appointment_added_moved_cancelled_and_deleted_in_the_real_plugin_is_one_event_one_change_one_delete(): void {
		$booked = self::drive( 'book', '2026-12-21 10:00', '60' );

		$created = $this->created_events();
		$this->assertCount( 1, $created, 'Amelia ' . $booked['version'] );
		$this->assertSame( self::local( '2026-12-21 10:00' ), $created[0]['body']['start']['dateTime'] );
		$this->assertSame( self::local( '2026-12-21 11:00' ), $created[0]['body']['end']['dateTime'] );
		$this->assertSame( 'Massage', $created[0]['body']['summary'] );

		$id = (string) $booked['id'];
		self::drive( 'reschedule', $id, '2026-12-22 14:00' );
		self::drive( 'reschedule', $id, '2026-12-22 14:00' );
		$patches = $this->changed_events( 'PATCH' );
		$this->assertCount( 1, $patches );
		$this->assertSame( self::local( '2026-12-22 14:00' ), $patches[0]['body']['start']['dateTime'] );
		$this->assertSame( self::local( '2026-12-22 15:00' ), $patches[0]['body']['end']['dateTime'] );

		self::drive( 'cancel', $id );
		$this->assertCount( 1, $this->changed_events( 'DELETE' ) );

		self::drive( 'delete', $id );
		$this->assertCount( 1, $this->changed_events( 'DELETE' ) );
		$this->assertCount( 1, $this->created_events() );
	}

	public function test_a_pending_appointment_approved_from_its_booking_then_its_only_booking_deleted_is_one_event_then_one_delete(): void {
		$booked = self::drive( 'book', '2026-12-23 09:00', '30', 'pending' );
		$this->assertSame( array(), $this->created_events(), 'Amelia ' . $booked['version'] );

		self::drive( 'booking_status', (string) $booked['booking'], 'approved' );
		$created = $this->created_events();
		$this->assertCount( 1, $created );
		$this->assertSame( self::local( '2026-12-23 09:00' ), $created[0]['body']['start']['dateTime'] );

		self::drive( 'delete_booking', (string) $booked['booking'] );
		$this->assertCount( 1, $this->changed_events( 'DELETE' ) );
		$this->assertCount( 1, $this->created_events() );
	}
}
