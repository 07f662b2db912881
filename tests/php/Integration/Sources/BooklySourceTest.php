<?php

namespace SyncWarden\Tests\Integration\Sources;

use SyncWarden\Audit\AuditLog;
use SyncWarden\Plugin;
use SyncWarden\Sources\BooklySource;
use SyncWarden\Sources\SourceBookings;
use SyncWarden\Storage\BookingsRepository;
use SyncWarden\Storage\SourceLinksRepository;
use SyncWarden\Storage\SourceSettings;
use SyncWarden\Tests\Doubles\BooklyDouble as Bookly;
use SyncWarden\Tests\ExportTestCase;

/**
 * Bookly's rows (written by a double as its 27.4 entities write them, see the double) found by
 * the real poller on its WP-Cron hook, through the real outbox and the real Google peer.
 */
final class BooklySourceTest extends ExportTestCase {

	private const EVENTS = '/api/google/calendar/v3/calendars/primary/events';

	public static function setUpBeforeClass(): void {
		parent::setUpBeforeClass();
		Bookly::create_tables();
	}

	protected function setUp(): void {
		parent::setUp();
		update_option( 'timezone_string', 'Europe/Berlin' );
		update_option( 'active_plugins', array_merge( (array) get_option( 'active_plugins', array() ), array( Bookly::PLUGIN ) ) );
		Plugin::attach_sources();
	}

	private function poll(): void {
		do_action( BooklySource::HOOK );
		$this->run_outbox();
	}

	public function test_booked_moved_cancelled_are_one_event_one_change_one_delete_and_an_idle_poll_sends_nothing(): void {
		$this->connect( 'google', array( 'export' ) );
		$id = Bookly::book( '2027-01-11 09:00:00', 45 );
		$this->poll();
		$created = $this->received( 'POST', self::EVENTS );
		$this->assertCount( 1, $created );
		$this->assertSame( '2027-01-11T09:00:00+01:00', $created[0]['body']['start']['dateTime'], 'site-local in the table' );
		$this->assertSame( '2027-01-11T09:45:00+01:00', $created[0]['body']['end']['dateTime'] );

		$this->poll();
		$this->assertCount( 1, $this->received( 'POST', self::EVENTS ), 'a poll with nothing changed sends nothing' );
		$this->assertSame( array(), $this->received( 'PATCH', self::EVENTS . '/' ) );
		Bookly::reschedule( $id, '2027-01-12 14:00:00', 45 );
		$this->poll();
		$this->poll();
		$patches = $this->received( 'PATCH', self::EVENTS . '/' );
		$this->assertCount( 1, $patches );
		$this->assertSame( '2027-01-12T14:00:00+01:00', $patches[0]['body']['start']['dateTime'] );

		Bookly::set_status( $id, 'cancelled' );
		$this->poll();
		$this->poll();
		$this->assertCount( 1, $this->received( 'POST', self::EVENTS ) );
		$this->assertCount( 1, $this->received( 'PATCH', self::EVENTS . '/' ) );
		$this->assertCount( 1, $this->received( 'DELETE', self::EVENTS . '/' ) );
	}

	public function test_an_appointment_deleted_in_bookly_is_taken_off_although_no_row_is_left(): void {
		$this->connect( 'google', array( 'export' ) );
		$id = Bookly::book( '2027-01-13 10:00:00', 30 );
		$this->poll();
		$this->assertCount( 1, $this->received( 'POST', self::EVENTS ) );

		Bookly::delete( $id );
		$this->poll();
		$this->poll();

		$this->assertCount( 1, $this->received( 'DELETE', self::EVENTS . '/' ) );
	}

	public function test_two_rows_saved_in_the_same_second_are_both_exported_one_row_per_poll(): void {
		$this->connect( 'google', array( 'export' ) );
		$second = gmdate( 'Y-m-d H:i:s', strtotime( current_time( 'mysql' ) . ' UTC' ) - 300 );
		Bookly::book( '2027-01-14 09:00:00', 30, 'approved', $second );
		Bookly::book( '2027-01-14 11:00:00', 30, 'approved', $second );
		// One row a page and one page a poll: the cursor must tell the two apart by id.
		$source = new BooklySource( 1, 1 );
		$writer = new SourceBookings( Plugin::bookings(), new BookingsRepository(), new SourceLinksRepository(), new SourceSettings(), new AuditLog() );

		$source->poll( $writer );
		$this->run_outbox();
		$this->assertCount( 1, $this->received( 'POST', self::EVENTS ) );
		$source->poll( $writer );
		$source->poll( $writer );
		$source->poll( $writer );
		$this->run_outbox();

		$starts = array_map( static fn( array $request ): string => $request['body']['start']['dateTime'], $this->received( 'POST', self::EVENTS ) );
		sort( $starts );
		$this->assertSame( array( '2027-01-14T09:00:00+01:00', '2027-01-14T11:00:00+01:00' ), $starts );
	}

	public function test_an_appointment_saved_before_the_first_poll_looks_back_goes_by_backfill_once(): void {
		$this->connect( 'google', array( 'export' ) );
		$earlier = gmdate( 'Y-m-d H:i:s', strtotime( current_time( 'mysql' ) . ' UTC' ) - HOUR_IN_SECONDS );
		Bookly::book( '2027-01-17 09:00:00', 30, 'approved', $earlier );
		$this->poll();
		$this->assertSame( array(), $this->received( 'POST', self::EVENTS ), 'the first poll looks back 15 minutes only' );

		$page = $this->rest( 'POST', '/syncwarden/v1/sources/' . BooklySource::ID . '/backfill', array( 'days' => 30 ) )->get_data();
		$this->run_outbox();
		$this->poll();

		$this->assertSame( array( 1, 1, true ), array( $page['handled'], $page['sent'], $page['done'] ) );
		$created = $this->received( 'POST', self::EVENTS );
		$this->assertCount( 1, $created );
		$this->assertSame( '2027-01-17T09:00:00+01:00', $created[0]['body']['start']['dateTime'] );
	}

	public function test_pending_and_waitlisted_wait_and_approval_exports_with_the_customer_and_service(): void {
		$this->connect( 'google', array( 'export' ) );
		$id = Bookly::book( '2027-01-15 08:00:00', 60, 'waitlisted' );
		$this->poll();
		Bookly::set_status( $id, 'pending' );
		$this->poll();
		$this->assertSame( array(), $this->received( 'POST', self::EVENTS ) );

		Bookly::set_status( $id, 'approved' );
		$this->poll();

		$this->assertCount( 1, $this->received( 'POST', self::EVENTS ) );
		$booking = ( new BookingsRepository() )->find( (int) ( new SourceLinksRepository() )->find( BooklySource::ID, (string) $id ) );
		$this->assertSame( array( 'Haircut', 'Ada Lovelace', 'ada@example.test' ), array( $booking['title'], $booking['customer_name'], $booking['customer_email'] ) );
	}

	public function test_switching_the_source_off_or_deactivating_bookly_unschedules_the_poller(): void {
		$this->assertNotFalse( wp_next_scheduled( BooklySource::HOOK ), 'scheduled while Bookly is active and the source on' );

		$this->rest( 'PUT', '/syncwarden/v1/sources/' . BooklySource::ID, array( 'enabled' => false ) );
		$this->assertFalse( wp_next_scheduled( BooklySource::HOOK ), 'switched off' );

		$this->rest( 'PUT', '/syncwarden/v1/sources/' . BooklySource::ID, array( 'enabled' => true ) );
		Plugin::attach_sources();
		$this->assertNotFalse( wp_next_scheduled( BooklySource::HOOK ), 'switched on again' );
		update_option( 'active_plugins', array_values( array_diff( (array) get_option( 'active_plugins' ), array( Bookly::PLUGIN ) ) ) );
		Plugin::attach_sources();
		$this->assertFalse( wp_next_scheduled( BooklySource::HOOK ), 'Bookly deactivated' );
	}

	public function test_an_appointment_bookly_synced_to_outlook_itself_is_reported_as_its_own_calendar_sync(): void {
		$source = new BooklySource();
		$id     = Bookly::book( '2027-01-16 08:00:00', 30 );
		$this->assertSame( array(), $source->own_calendar_sync() );

		global $wpdb;
		$wpdb->update( "{$wpdb->prefix}bookly_appointments", array( 'outlook_event_id' => 'AAMkAGI2-bookly' ), array( 'id' => $id ) );

		$this->assertSame( array( 'microsoft' ), $source->own_calendar_sync() );
	}
}
