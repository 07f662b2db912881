<?php

namespace SyncWarden\Tests\Integration\Sources;

use SyncWarden\Plugin;
use SyncWarden\Tests\Doubles\LatePointDouble as LatePoint;
use SyncWarden\Tests\ExportTestCase;

/**
 * LatePoint's hooks (fired by a double written from its 5.6.5 source, see the double) through the
 * real source, the real outbox and the real Google peer.
 */
final class LatePointSourceTest extends ExportTestCase {

	private const EVENTS = '/api/google/calendar/v3/calendars/primary/events';

	public static function setUpBeforeClass(): void {
		parent::setUpBeforeClass();
		LatePoint::create_tables();
	}

	protected function setUp(): void {
		parent::setUp();
		update_option( 'timezone_string', 'Europe/Berlin' );
		update_option( 'active_plugins', array_merge( (array) get_option( 'active_plugins', array() ), array( LatePoint::PLUGIN ) ) );
		Plugin::attach_sources();
	}

	public function test_create_reschedule_cancel_and_delete_export_exactly_once_each(): void {
		$this->connect( 'google', array( 'export' ) );
		$booking = LatePoint::book( '2026-12-10', 9 * 60, 10 * 60, 'approved' );
		$this->run_outbox();
		$created = $this->received( 'POST', self::EVENTS );
		$this->assertCount( 1, $created );
		$this->assertSame( array( '2026-12-10T09:00:00+01:00', 'Europe/Berlin' ), array( $created[0]['body']['start']['dateTime'], $created[0]['body']['start']['timeZone'] ) );

		LatePoint::save_from_admin( $booking, '2026-12-11', 14 * 60, 15 * 60 + 30, 'approved' ); // updated + change_status.
		$this->run_outbox();
		$patches = $this->received( 'PATCH', self::EVENTS . '/' );
		$this->assertCount( 1, $patches );
		$this->assertSame( '2026-12-11T15:30:00+01:00', $patches[0]['body']['end']['dateTime'] );

		LatePoint::update_status( $booking, 'cancelled' );
		$this->run_outbox();
		LatePoint::delete( $booking );
		$this->run_outbox();

		$this->assertCount( 1, $this->received( 'DELETE', self::EVENTS . '/' ) );
		$this->assertCount( 1, $this->received( 'POST', self::EVENTS ) );
		$this->assertCount( 1, $this->received( 'PATCH', self::EVENTS . '/' ) );
	}

	public function test_a_pending_booking_waits_for_approval_and_a_delete_of_a_live_booking_cancels_it(): void {
		$this->connect( 'google', array( 'export' ) );
		$booking = LatePoint::book( '2026-12-12', 9 * 60, 10 * 60, 'payment_pending' );
		$this->run_outbox();
		$this->assertSame( array(), $this->received( 'POST', self::EVENTS ) );

		LatePoint::update_status( $booking, 'approved' );
		$this->run_outbox();
		LatePoint::delete( $booking ); // will_be_deleted with the row, deleted after it.
		$this->run_outbox();

		$this->assertCount( 1, $this->received( 'POST', self::EVENTS ) );
		$this->assertCount( 1, $this->received( 'DELETE', self::EVENTS . '/' ) );
	}

	public function test_a_booking_moved_to_midnight_exports_the_local_time_latepoint_shows_not_its_stale_utc_columns(): void {
		$this->connect( 'google', array( 'export' ) );
		$booking = LatePoint::book( '2026-12-14', 9 * 60, 10 * 60, 'approved' );
		$this->run_outbox();

		LatePoint::reschedule( $booking, '2026-12-15', 0, 60 );
		$this->run_outbox();

		$patches = $this->received( 'PATCH', self::EVENTS . '/' );
		$this->assertCount( 1, $patches );
		$this->assertSame( array( '2026-12-15T00:00:00+01:00', '2026-12-15T01:00:00+01:00' ), array( $patches[0]['body']['start']['dateTime'], $patches[0]['body']['end']['dateTime'] ) );
	}

	public function test_the_customer_and_service_reach_a_crm_and_calendar_only_as_shared(): void {
		$connection = $this->connect( 'hubspot', array( 'export' ) );
		$this->rest( 'PUT', "/syncwarden/v1/connections/{$connection['id']}/sharing", array( 'allowed' => array( 'customer_name' ) ) );

		LatePoint::book( '2026-12-13', 9 * 60, 10 * 60, 'approved' );
		$this->run_outbox();

		$this->assertSame( array( 'email' => 'ada@example.test', 'firstname' => 'Ada', 'lastname' => 'Lovelace' ), $this->received( 'POST', '/api/hubspot/crm/v3/objects/contacts' )[0]['body']['properties'] );
	}

	public function test_busy_time_from_a_calendar_is_a_blocked_period_in_latepoint_for_every_agent_on_each_day_it_touches(): void {
		$connection = $this->connect( 'google', array( 'import' ) );
		$this->imported_event( $connection, '2026-12-14T10:00:00+01:00', 90 );
		$this->imported_event( $connection, '2026-12-15T23:00:00+01:00', 120 ); // Past midnight.

		$grouped = LatePoint::blocked_periods( '2026-12-14', '2026-12-17' );

		$periods = array_map( static fn( array $day ): array => array_map( static fn( object $p ): array => array( $p->start_date, $p->start_time, $p->end_time, $p->agent_id ), $day ), $grouped );
		$this->assertSame(
			array(
				'2026-12-14' => array( array( '2026-12-14', 600, 690, 0 ) ),
				'2026-12-15' => array( array( '2026-12-15', 1380, 1440, 0 ) ),
				'2026-12-16' => array( array( '2026-12-16', 0, 60, 0 ) ),
				'2026-12-17' => array(),
			),
			$periods
		);
	}

	public function test_a_latepoint_booking_exported_to_the_calendar_blocks_nothing_more_than_latepoint_itself_does(): void {
		$this->connect( 'google', array( 'import', 'export' ) );
		LatePoint::book( '2026-12-14', 9 * 60, 10 * 60, 'approved' );
		$this->run_outbox();

		$this->assertSame( array( '2026-12-14' => array() ), LatePoint::blocked_periods( '2026-12-14', '2026-12-14' ) );
	}

	public function test_a_failure_while_adding_busy_time_leaves_latepoints_blocked_periods_as_they_were_and_is_audited(): void {
		$connection = $this->connect( 'google', array( 'import' ) );
		$this->imported_event( $connection, '2026-12-14T10:00:00+01:00', 30 );
		$broken = static function (): array {
			throw new \RuntimeException( 'other code failed' );
		};
		add_filter( \SyncWarden\Sources\BusyTimes::FILTER, $broken, 20 );
		try {
			$grouped = LatePoint::blocked_periods( '2026-12-14', '2026-12-14' );
		} finally {
			remove_filter( \SyncWarden\Sources\BusyTimes::FILTER, $broken, 20 );
		}

		$this->assertSame( array( '2026-12-14' => array() ), $grouped );
		$entry = ( new \SyncWarden\Audit\AuditLog() )->recent( 1 )[0];
		$this->assertSame( array( 'source.failed', 'latepoint_blocked_periods_for_range' ), array( $entry['event'], $entry['context']['hook'] ?? null ) );
	}
}
