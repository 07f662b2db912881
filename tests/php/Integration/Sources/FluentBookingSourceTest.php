<?php

namespace SyncWarden\Tests\Integration\Sources;

use SyncWarden\Plugin;
use SyncWarden\Tests\Doubles\FluentBookingDouble as Fluent;
use SyncWarden\Tests\ExportTestCase;

/**
 * FluentBooking's hooks (fired by a double written from its 2.1.0 source, see the double) through
 * the real source, the real outbox and the real Google peer.
 */
final class FluentBookingSourceTest extends ExportTestCase {

	private const EVENTS = '/api/google/calendar/v3/calendars/primary/events';

	public static function setUpBeforeClass(): void {
		parent::setUpBeforeClass();
		Fluent::create_tables();
	}

	protected function setUp(): void {
		parent::setUp();
		update_option( 'timezone_string', 'Europe/Berlin' );
		update_option( 'active_plugins', array_merge( (array) get_option( 'active_plugins', array() ), array( Fluent::PLUGIN ) ) );
		Plugin::attach_sources();
	}

	public function test_schedule_reschedule_cancel_and_delete_export_exactly_once_each(): void {
		$this->connect( 'google', array( 'export' ) );
		$booking = Fluent::book( '2026-12-10 08:00:00', 30 );
		$this->run_outbox();
		$created = $this->received( 'POST', self::EVENTS );
		$this->assertCount( 1, $created );
		$this->assertSame( '2026-12-10T09:00:00+01:00', $created[0]['body']['start']['dateTime'], 'UTC in the row, site zone on the event' );
		$this->assertSame( '2026-12-10T09:30:00+01:00', $created[0]['body']['end']['dateTime'] );

		Fluent::reschedule( $booking, '2026-12-11 13:00:00', 30 );
		$this->run_outbox();
		$this->assertSame( '2026-12-11T14:00:00+01:00', $this->received( 'PATCH', self::EVENTS . '/' )[0]['body']['start']['dateTime'] );

		Fluent::set_status( $booking, 'cancelled' ); // Three hooks for one change.
		$this->run_outbox();
		Fluent::delete( $booking );
		$this->run_outbox();

		$this->assertCount( 1, $this->received( 'POST', self::EVENTS ) );
		$this->assertCount( 1, $this->received( 'PATCH', self::EVENTS . '/' ) );
		$this->assertCount( 1, $this->received( 'DELETE', self::EVENTS . '/' ) );
	}

	public function test_a_pending_request_is_exported_once_the_host_confirms_and_a_rejected_one_never(): void {
		$this->connect( 'google', array( 'export' ) );
		$confirmed = Fluent::book( '2026-12-12 08:00:00', 30, 'pending' );
		$rejected  = Fluent::book( '2026-12-13 08:00:00', 30, 'pending' );
		$this->run_outbox();
		$this->assertSame( array(), $this->received( 'POST', self::EVENTS ) );

		Fluent::set_status( $confirmed, 'scheduled' );
		Fluent::set_status( $rejected, 'rejected' );
		$this->run_outbox();

		$this->assertCount( 1, $this->received( 'POST', self::EVENTS ) );
		$this->assertSame( array(), $this->received( 'DELETE', self::EVENTS . '/' ) );
	}

	public function test_a_delete_after_the_row_is_gone_still_cancels(): void {
		$this->connect( 'google', array( 'export' ) );
		$booking = Fluent::book( '2026-12-14 08:00:00', 30 );
		$this->run_outbox();
		global $wpdb;
		$wpdb->delete( "{$wpdb->prefix}fcal_bookings", array( 'id' => $booking->id ) );

		do_action( 'fluent_booking/after_delete_booking', $booking->id ); // Only the id, row gone.
		$this->run_outbox();

		$this->assertCount( 1, $this->received( 'DELETE', self::EVENTS . '/' ) );
	}

	public function test_busy_time_from_a_calendar_is_a_remote_booked_slot_in_fluentbooking_in_the_zone_it_asks_for(): void {
		$connection = $this->connect( 'google', array( 'import' ) );
		$this->imported_event( $connection, '2026-12-14T10:00:00+01:00', 90 );
		$this->imported_event( $connection, '2026-12-20T10:00:00+01:00', 30 ); // Outside the range.

		$this->assertSame(
			array( array( 'start' => '2026-12-14 09:00:00', 'end' => '2026-12-14 10:30:00', 'source' => 'syncwarden' ) ),
			Fluent::remote_booked_events( '2026-12-14', '2026-12-15 23:59:59' )
		);
		$this->assertSame(
			array( array( 'start' => '2026-12-14 04:00:00', 'end' => '2026-12-14 05:30:00', 'source' => 'syncwarden' ) ),
			Fluent::remote_booked_events( '2026-12-14', '2026-12-14', 'America/New_York' )
		);
	}

	public function test_a_fluentbooking_booking_exported_to_the_calendar_is_not_offered_back_as_remote_busy_time(): void {
		$this->connect( 'google', array( 'import', 'export' ) );
		Fluent::book( '2026-12-14 08:00:00', 30 );
		$this->run_outbox();

		$this->assertSame( array(), Fluent::remote_booked_events( '2026-12-14', '2026-12-14 23:59:59' ) );
	}
}
