<?php

namespace SyncWarden\Tests\Integration\Sources;

use SyncWarden\Audit\AuditLog;
use SyncWarden\Plugin;
use SyncWarden\Sources\BookingCalendarSource;
use SyncWarden\Sources\BusyTimes;
use SyncWarden\Storage\BookingsRepository;
use SyncWarden\Storage\SourceLinksRepository;
use SyncWarden\Storage\SourceSettings;
use SyncWarden\Sync\Importer;
use SyncWarden\Tests\Doubles\BookingCalendarDouble as Wpbc;
use SyncWarden\Tests\ExportTestCase;

/**
 * What every source shares: export-only direction, busy time, settings, privacy and the link.
 * Booking Calendar's double (see it for the source lines) stands in for any source.
 */
final class SourceCoreTest extends ExportTestCase {

	public static function setUpBeforeClass(): void {
		parent::setUpBeforeClass();
		Wpbc::create_tables();
	}

	protected function setUp(): void {
		parent::setUp();
		update_option( 'timezone_string', 'Europe/Berlin' );
		update_option( 'active_plugins', array_merge( (array) get_option( 'active_plugins', array() ), array( Wpbc::PLUGIN ) ) );
		Plugin::attach_sources();
	}

	private function source_booking(): array {
		$ref = Wpbc::book( array( '2026-12-10 14:00:01', '2026-12-10 15:00:02' ), Wpbc::form( 'Ada', 'Lovelace', 'ada@example.test' ), true );
		$id  = ( new SourceLinksRepository() )->find( BookingCalendarSource::ID, (string) $ref );
		$this->assertNotNull( $id );
		return ( new BookingsRepository() )->find( $id );
	}

	public function test_a_calendar_change_to_a_source_bookings_event_is_not_written_back_and_is_flagged(): void {
		$booking = $this->source_booking();
		$moved   = array(
			'external_id' => 'evt-1',
			'status'      => 'confirmed',
			'title'       => 'Moved in Google',
			'starts_at'   => $booking['starts_at'] + 3600,
			'ends_at'     => $booking['ends_at'] + 3600,
			'timezone'    => 'Europe/Berlin',
		);

		$moved_result   = Plugin::bookings()->store_imported( $moved, 'google-1', $booking );
		$deleted_result = Plugin::bookings()->store_imported( array( 'external_id' => 'evt-1', 'status' => 'cancelled' ), 'google-1', $booking );

		$this->assertSame( array( 'unchanged', 'unchanged' ), array( $moved_result['change'], $deleted_result['change'] ) );
		$stored = ( new BookingsRepository() )->find( $booking['id'] );
		$this->assertSame( array( $booking['starts_at'], 'confirmed' ), array( $stored['starts_at'], $stored['status'] ) );
		$flags = array_values( array_filter( ( new AuditLog() )->recent( 5 ), static fn( $e ) => 'source.remote_change' === $e['event'] ) );
		$this->assertCount( 2, $flags );
		$this->assertSame( $booking['id'], $flags[0]['booking_id'] );
	}

	public function test_an_api_booking_still_follows_its_calendar(): void {
		$booking = syncwarden_push_booking( array( 'title' => 'API', 'start' => '2026-12-10T14:00:00+01:00', 'end' => '2026-12-10T15:00:00+01:00' ) );

		$result = Plugin::bookings()->store_imported( array( 'external_id' => 'evt-2', 'status' => 'cancelled' ), 'google-1', $booking );

		$this->assertSame( 'cancelled', $result['change'] );
	}

	public function test_busy_times_offer_imported_events_as_times_only_and_leave_source_bookings_out(): void {
		$connection = $this->connect( 'google', array( 'import' ) );
		$this->source_booking();
		$start = strtotime( '2026-12-10T10:00:00Z' );
		Plugin::bookings()->create_imported(
			array(
				'evt-3' => array(
					'external_id'    => 'evt-3',
					'status'         => 'confirmed',
					'title'          => 'Dentist',
					'starts_at'      => $start,
					'ends_at'        => $start + 1800,
					'timezone'       => 'UTC',
					'customer_email' => 'ada@example.test',
				),
			),
			Importer::source( $connection )
		);

		$busy = apply_filters( BusyTimes::FILTER, array(), $start - 86400, $start + 86400 );

		$this->assertSame(
			array(
				array(
					'start'   => $start,
					'end'     => $start + 1800,
					'all_day' => false,
				),
			),
			$busy
		);
	}

	public function test_a_switched_off_source_is_not_attached_on_the_next_request(): void {
		( new SourceSettings() )->save( BookingCalendarSource::ID, array( 'enabled' => false ) );
		$registry = new \SyncWarden\Sources\SourceRegistry( array( new BookingCalendarSource() ), new SourceSettings() );

		$registry->attach_active( new \SyncWarden\Sources\SourceBookings( Plugin::bookings(), new BookingsRepository(), new SourceLinksRepository(), new SourceSettings(), new AuditLog() ) );

		$this->assertFalse( $registry->is_attached( BookingCalendarSource::ID ) );
		( new SourceSettings() )->save( BookingCalendarSource::ID, array( 'enabled' => true ) );
		$registry->attach_active( new \SyncWarden\Sources\SourceBookings( Plugin::bookings(), new BookingsRepository(), new SourceLinksRepository(), new SourceSettings(), new AuditLog() ) );
		$this->assertTrue( $registry->is_attached( BookingCalendarSource::ID ), 'switched on, the same registry attaches it' );
	}

	public function test_the_privacy_exporter_and_eraser_cover_source_bookings(): void {
		$booking  = $this->source_booking();
		$exporter = apply_filters( 'wp_privacy_personal_data_exporters', array() )['syncwarden-bookings']['callback'];
		$eraser   = apply_filters( 'wp_privacy_personal_data_erasers', array() )['syncwarden-bookings']['callback'];

		$this->assertCount( 1, array_filter( call_user_func( $exporter, 'ada@example.test', 1 )['data'], static fn( $item ) => 'syncwarden-bookings' === $item['group_id'] ) );
		call_user_func( $eraser, 'ada@example.test', 1 );

		$this->assertSame( '', ( new BookingsRepository() )->find( $booking['id'] )['customer_email'] );
	}

	public function test_one_plugin_booking_maps_to_one_booking_however_often_it_is_linked(): void {
		$booking = $this->source_booking();
		$links   = new SourceLinksRepository();
		$ref     = $links->last_seen( BookingCalendarSource::ID )['source_ref'];

		$this->assertFalse( $links->link( BookingCalendarSource::ID, $ref, 999, 'approved' ), 'unique (source, source_ref)' );
		$this->assertSame( $booking['id'], $links->find( BookingCalendarSource::ID, $ref ) );
	}
}
