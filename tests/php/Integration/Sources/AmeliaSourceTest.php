<?php

namespace SyncWarden\Tests\Integration\Sources;

use SyncWarden\Plugin;
use SyncWarden\Tests\Doubles\AmeliaDouble as Amelia;
use SyncWarden\Tests\ExportTestCase;

/**
 * Amelia's hooks (fired by a double written from its 2.4.3 source, see the double) through the
 * real source, the real outbox and the real Google and HubSpot peers.
 */
final class AmeliaSourceTest extends ExportTestCase {

	private const EVENTS = '/api/google/calendar/v3/calendars/primary/events';

	public static function setUpBeforeClass(): void {
		parent::setUpBeforeClass();
		Amelia::create_tables();
	}

	protected function setUp(): void {
		parent::setUp();
		update_option( 'timezone_string', 'Europe/Berlin' );
		update_option( 'active_plugins', array_merge( (array) get_option( 'active_plugins', array() ), array( Amelia::PLUGIN ) ) );
		Plugin::attach_sources();
	}

	public function test_booked_rescheduled_cancelled_and_deleted_export_exactly_once_each(): void {
		$this->connect( 'google', array( 'export' ) );
		$id = Amelia::book( '2026-12-10 08:00:00', 60 ); // Two hooks for one booking.
		$this->run_outbox();
		$created = $this->received( 'POST', self::EVENTS );
		$this->assertCount( 1, $created );
		$this->assertSame( '2026-12-10T09:00:00+01:00', $created[0]['body']['start']['dateTime'], 'UTC in the table' );

		Amelia::reschedule( $id, '2026-12-11 12:00:00', 60 );
		$this->run_outbox();
		Amelia::customer_cancels( $id );
		$this->run_outbox();
		Amelia::delete( $id );
		$this->run_outbox();

		$this->assertCount( 1, $this->received( 'POST', self::EVENTS ) );
		$patches = $this->received( 'PATCH', self::EVENTS . '/' );
		$this->assertCount( 1, $patches );
		$this->assertSame( '2026-12-11T13:00:00+01:00', $patches[0]['body']['start']['dateTime'] );
		$this->assertCount( 1, $this->received( 'DELETE', self::EVENTS . '/' ) );
	}

	public function test_a_pending_appointment_waits_for_approval_and_a_delete_after_the_rows_are_gone_cancels(): void {
		$this->connect( 'google', array( 'export' ) );
		$id = Amelia::book( '2026-12-12 08:00:00', 30, 'pending' );
		$this->run_outbox();
		$this->assertSame( array(), $this->received( 'POST', self::EVENTS ) );

		Amelia::set_status( $id, 'approved' );
		$this->run_outbox();
		Amelia::delete( $id );
		$this->run_outbox();

		$this->assertCount( 1, $this->received( 'POST', self::EVENTS ) );
		$this->assertCount( 1, $this->received( 'DELETE', self::EVENTS . '/' ) );
	}

	public function test_a_booking_approved_from_the_booking_list_exports_and_deleting_its_only_booking_cancels(): void {
		$this->connect( 'google', array( 'export' ) );
		$id = Amelia::book( '2026-12-14 08:00:00', 30, 'pending' );
		$this->run_outbox();

		Amelia::set_booking_status( $id, 'approved' ); // amelia_after_booking_approved.
		$this->run_outbox();
		$this->assertCount( 1, $this->received( 'POST', self::EVENTS ) );

		Amelia::delete_booking( $id ); // amelia_after_package_booking_deleted, rows gone.
		$this->run_outbox();
		$this->assertCount( 1, $this->received( 'DELETE', self::EVENTS . '/' ) );
	}

	public function test_a_booking_rejected_from_the_booking_list_takes_the_event_off(): void {
		$this->connect( 'google', array( 'export' ) );
		$id = Amelia::book( '2026-12-15 08:00:00', 30 );
		$this->run_outbox();

		Amelia::set_booking_status( $id, 'rejected' );
		$this->run_outbox();

		$this->assertCount( 1, $this->received( 'POST', self::EVENTS ) );
		$this->assertCount( 1, $this->received( 'DELETE', self::EVENTS . '/' ) );
	}

	public function test_the_customer_is_read_by_id_when_the_hook_data_has_none(): void {
		$this->connect( 'hubspot', array( 'export' ) );

		Amelia::book( '2026-12-13 08:00:00', 30 );
		$this->run_outbox();

		$this->assertSame( 'ada@example.test', $this->received( 'POST', '/api/hubspot/crm/v3/objects/contacts' )[0]['body']['properties']['email'] );
	}

	public function test_an_appointment_amelia_synced_to_google_itself_is_reported_as_its_own_calendar_sync(): void {
		$source = new \SyncWarden\Sources\AmeliaSource();
		$id     = Amelia::book( '2026-12-16 08:00:00', 30 );
		$this->assertSame( array(), $source->own_calendar_sync() );

		global $wpdb;
		$wpdb->update( "{$wpdb->prefix}amelia_appointments", array( 'googleCalendarEventId' => 'evt-amelia-1' ), array( 'id' => $id ) );

		$this->assertSame( array( 'google' ), $source->own_calendar_sync() );
	}
}
