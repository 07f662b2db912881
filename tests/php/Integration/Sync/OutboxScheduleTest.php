<?php

namespace SyncWarden\Tests\Integration\Sync;

use SyncWarden\Sync\Outbox;
use SyncWarden\Tests\ExportTestCase;
use SyncWarden\Tests\Peer;

/**
 * When the outbox runs next. A job backing off from a 503 must get a WP-Cron run at its next
 * attempt on its own (not only when another booking changes), a new booking must not wait behind
 * a retry scheduled hours away, and queued work whose event was lost (a deactivation clears them)
 * gets one again on the next admin request.
 */
final class OutboxScheduleTest extends ExportTestCase {

	protected function setUp(): void {
		parent::setUp();
		wp_clear_scheduled_hook( Outbox::HOOK );
	}

	private function next_attempt_at( int $booking_id ): int {
		global $wpdb;
		return (int) $wpdb->get_var( $wpdb->prepare( "SELECT next_attempt_at FROM {$wpdb->prefix}syncwarden_outbox WHERE booking_id = %d ORDER BY id DESC LIMIT 1", $booking_id ) );
	}

	public function test_a_job_backing_off_from_a_503_gets_its_own_run_at_its_next_attempt(): void {
		$this->connect( 'google', array( 'export' ) );
		Peer::fail_next( '/api/google/calendar/v3/calendars/primary/events', array( 'status' => 503, 'body' => '{}', 'times' => 9 ) );
		$booking = syncwarden_push_booking( self::CONSULTATION );
		wp_clear_scheduled_hook( Outbox::HOOK ); // As WP-Cron does before it runs the event.

		$this->run_outbox();

		$this->assertSame( 'pending', $this->job_status( $booking['id'] )['status'] );
		$next = $this->next_attempt_at( $booking['id'] );
		$this->assertGreaterThan( time(), $next );
		$this->assertSame( $next, wp_next_scheduled( Outbox::HOOK ), 'the retry has its run, no other booking change needed' );
	}

	public function test_a_new_booking_runs_now_even_while_a_retry_is_scheduled_hours_away(): void {
		$this->connect( 'google', array( 'export' ) );
		wp_schedule_single_event( time() + 3 * HOUR_IN_SECONDS, Outbox::HOOK );

		syncwarden_push_booking( self::CONSULTATION );

		$this->assertLessThanOrEqual( time(), wp_next_scheduled( Outbox::HOOK ) );
		$this->assertCount( 1, array_filter( (array) _get_cron_array(), static fn( $events ) => isset( $events[ Outbox::HOOK ] ) ), 'one run, brought forward' );
	}

	public function test_an_admin_request_gives_queued_work_that_lost_its_run_a_new_one(): void {
		$this->connect( 'google', array( 'export' ) );
		$booking = syncwarden_push_booking( self::CONSULTATION );
		wp_clear_scheduled_hook( Outbox::HOOK );

		$this->admin_request();

		$this->assertLessThanOrEqual( time(), wp_next_scheduled( Outbox::HOOK ) );
		$this->run_outbox();
		$this->assertSame( 'done', $this->job_status( $booking['id'] )['status'] );
	}

	public function test_due_work_held_by_a_dead_runners_lease_waits_a_minute_instead_of_running_on_every_page_load(): void {
		global $wpdb;
		$this->connect( 'google', array( 'export' ) );
		$booking = syncwarden_push_booking( self::CONSULTATION );
		$job     = $wpdb->get_row( $wpdb->prepare( "SELECT * FROM {$wpdb->prefix}syncwarden_outbox WHERE booking_id = %d", $booking['id'] ), ARRAY_A );
		// A runner died while sending an earlier change of the same booking: its lease still holds.
		$wpdb->insert( "{$wpdb->prefix}syncwarden_outbox", array( 'status' => 'running', 'next_attempt_at' => time() + 600 ) + array_intersect_key( $job, array_flip( array( 'booking_id', 'connection_id', 'operation', 'created_at', 'updated_at' ) ) ) );
		wp_clear_scheduled_hook( Outbox::HOOK );

		$this->run_outbox();

		$this->assertSame( 'pending', $wpdb->get_var( $wpdb->prepare( "SELECT status FROM {$wpdb->prefix}syncwarden_outbox WHERE id = %d", $job['id'] ) ), 'not sent while the other lease holds' );
		$this->assertGreaterThanOrEqual( time() + MINUTE_IN_SECONDS - 5, wp_next_scheduled( Outbox::HOOK ) );
	}

	public function test_nothing_queued_schedules_nothing(): void {
		$this->connect( 'google', array( 'export' ) );

		$this->admin_request();
		$this->run_outbox();

		$this->assertFalse( wp_next_scheduled( Outbox::HOOK ) );
	}
}
