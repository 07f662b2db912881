<?php

namespace SyncWarden\Tests\Integration\Sources;

use SyncWarden\Audit\AuditLog;
use SyncWarden\Plugin;
use SyncWarden\Sources\BookingCalendarSource;
use SyncWarden\Storage\SourceSettings;
use SyncWarden\Tests\Doubles\BookingCalendarDouble as Wpbc;
use SyncWarden\Tests\ExportTestCase;

/**
 * Booking Calendar's hooks (fired by a double written from its 11.4.3 source, see the double)
 * through the real source, the real outbox and the real Google peer.
 */
final class BookingCalendarSourceTest extends ExportTestCase {

	private const EVENTS = '/api/google/calendar/v3/calendars/primary/events';

	public static function setUpBeforeClass(): void {
		parent::setUpBeforeClass();
		Wpbc::create_tables(); // Outside the test transaction: DDL commits on MySQL.
	}

	protected function setUp(): void {
		parent::setUp();
		update_option( 'timezone_string', 'Europe/Berlin' );
		update_option( 'active_plugins', array_merge( (array) get_option( 'active_plugins', array() ), array( Wpbc::PLUGIN ) ) );
		Plugin::attach_sources();
	}

	private function google(): array {
		return $this->connect( 'google', array( 'export' ) );
	}

	private function exported( string $method, string $suffix = '' ): array {
		return $this->received( $method, self::EVENTS . $suffix );
	}

	public function test_a_booking_is_exported_once_approved_then_followed_through_edit_trash_and_delete_exactly_once_each(): void {
		$this->google();
		$id = Wpbc::book( array( '2026-12-10 14:00:01', '2026-12-10 15:30:02' ), Wpbc::form( 'Ada', 'Lovelace', 'ada@example.test' ) );
		$this->run_outbox();
		$this->assertSame( array(), $this->exported( 'POST' ), 'pending: not exported by default' );

		Wpbc::approve( array( $id ) ); // Both hook generations fire.
		$this->run_outbox();
		$created = $this->exported( 'POST' );
		$this->assertCount( 1, $created );
		$this->assertSame( '2026-12-10T14:00:00+01:00', $created[0]['body']['start']['dateTime'], 'site-local, check-in marker dropped' );
		$this->assertSame( '2026-12-10T15:30:00+01:00', $created[0]['body']['end']['dateTime'] );
		$this->assertSame( 'Europe/Berlin', $created[0]['body']['start']['timeZone'] );

		Wpbc::edit( $id, array( '2026-12-11 09:00:01', '2026-12-11 10:00:02' ) );
		Wpbc::approve( array( $id ) ); // A repeated approval changes nothing.
		$this->run_outbox();
		$patches = $this->exported( 'PATCH', '/' );
		$this->assertCount( 1, $patches );
		$this->assertSame( '2026-12-11T09:00:00+01:00', $patches[0]['body']['start']['dateTime'] );

		Wpbc::trash( array( $id ) );
		$this->run_outbox();
		Wpbc::delete( array( $id ) );
		$this->run_outbox();
		$this->assertCount( 1, $this->exported( 'DELETE', '/' ), 'trash cancels; the delete after it sends nothing more' );
		$this->assertCount( 1, $this->exported( 'POST' ) );
		$this->assertCount( 1, $this->exported( 'PATCH', '/' ) );
	}

	public function test_a_delete_that_arrives_after_the_rows_are_gone_still_cancels_the_event(): void {
		$this->google();
		$id = Wpbc::book( array( '2026-12-12 10:00:01', '2026-12-12 11:00:02' ), Wpbc::form( 'Ada', 'Lovelace', 'ada@example.test' ), true );
		$this->run_outbox();
		$this->assertCount( 1, $this->exported( 'POST' ) );

		Wpbc::delete_rows_then_hook( array( $id ) );
		$this->run_outbox();

		$this->assertCount( 1, $this->exported( 'DELETE', '/' ) );
	}

	public function test_ids_arrive_as_a_comma_separated_list_and_each_booking_is_exported(): void {
		$this->google();
		$first  = Wpbc::book( array( '2026-12-14 10:00:01', '2026-12-14 11:00:02' ), Wpbc::form( 'Ada', 'Lovelace', 'ada@example.test' ) );
		$second = Wpbc::book( array( '2026-12-15 10:00:01', '2026-12-15 11:00:02' ), Wpbc::form( 'Grace', 'Hopper', 'grace@example.test' ) );

		Wpbc::approve( array( $first, $second ) );
		$this->run_outbox();

		$this->assertCount( 2, $this->exported( 'POST' ) );
	}

	public function test_auto_approval_fires_before_the_row_is_approved_and_still_exports(): void {
		$this->google();
		$id = Wpbc::book( array( '2026-12-16 10:00:01', '2026-12-16 11:00:02' ), Wpbc::form( 'Ada', 'Lovelace', 'ada@example.test' ) );

		Wpbc::auto_approve( $id );
		$this->run_outbox();

		$this->assertCount( 1, $this->exported( 'POST' ) );
	}

	public function test_whole_days_become_an_all_day_event_ending_the_day_after_the_last(): void {
		$this->google();
		Wpbc::book( array( '2026-12-20 00:00:00', '2026-12-21 00:00:00', '2026-12-22 00:00:00' ), Wpbc::form( 'Ada', 'Lovelace', 'ada@example.test' ), true );
		$this->run_outbox();

		$created = $this->exported( 'POST' );
		$this->assertSame( array( '2026-12-20', '2026-12-23' ), array( $created[0]['body']['start']['date'], $created[0]['body']['end']['date'] ) );
	}

	public function test_a_booking_from_booking_calendars_own_google_import_is_never_exported_back(): void {
		$this->google();
		Wpbc::book( array( '2026-12-17 10:00:01', '2026-12-17 11:00:02' ), Wpbc::form( 'Ada', 'Lovelace', 'ada@example.test' ), true, 'abc123google' );
		$this->run_outbox();

		$this->assertSame( array(), $this->exported( 'POST' ) );
	}

	public function test_pending_bookings_go_out_as_tentative_when_switched_on_and_become_confirmed_on_approval(): void {
		$this->google();
		( new SourceSettings() )->save( BookingCalendarSource::ID, array( 'tentative' => true ) );
		$id = Wpbc::book( array( '2026-12-18 10:00:01', '2026-12-18 11:00:02' ), Wpbc::form( 'Ada', 'Lovelace', 'ada@example.test' ) );
		$this->run_outbox();
		$this->assertSame( 'tentative', $this->exported( 'POST' )[0]['body']['status'] );

		Wpbc::approve( array( $id ) );
		$this->run_outbox();

		$this->assertSame( 'confirmed', $this->exported( 'PATCH', '/' )[0]['body']['status'] );
	}

	public function test_the_customer_from_the_form_reaches_a_crm_as_shared(): void {
		$connection = $this->connect( 'hubspot', array( 'export' ) );
		$this->rest( 'PUT', "/syncwarden/v1/connections/{$connection['id']}/sharing", array( 'allowed' => array( 'customer_name', 'customer_phone' ) ) );

		Wpbc::book( array( '2026-12-19 10:00:01', '2026-12-19 11:00:02' ), Wpbc::form( 'Ada', 'Lovelace', 'ada@example.test', '+44 20 7946 0000' ), true );
		$this->run_outbox();

		$created = $this->received( 'POST', '/api/hubspot/crm/v3/objects/contacts' );
		$this->assertSame( array( 'email' => 'ada@example.test', 'firstname' => 'Ada', 'lastname' => 'Lovelace', 'phone' => '+44 20 7946 0000' ), $created[0]['body']['properties'] );
	}

	public function test_a_failure_inside_syncwarden_never_reaches_the_booking_plugin_and_is_audited(): void {
		$this->google();
		$boom = static function (): void {
			throw new \RuntimeException( 'ada@example.test broke it' );
		};
		add_action( 'syncwarden_booking_saved', $boom, 1 );
		try {
			Wpbc::book( array( '2026-12-20 10:00:01', '2026-12-20 11:00:02' ), Wpbc::form( 'Ada', 'Lovelace', 'ada@example.test' ), true );
		} finally {
			remove_action( 'syncwarden_booking_saved', $boom, 1 );
		}

		$entry = ( new AuditLog() )->recent( 1 )[0];
		$this->assertSame( array( 'source.failed', 'failed' ), array( $entry['event'], $entry['result'] ) );
		$this->assertStringNotContainsString( 'ada@example.test', wp_json_encode( $entry ), 'the class is audited, never the message' );
	}
}
