<?php

namespace SyncWarden\Tests\Integration\Sync;

use SyncWarden\Audit\AuditLog;
use SyncWarden\Storage\BookingsRepository;
use SyncWarden\Tests\TestCase;

final class BookingsTest extends TestCase {

	private const BOOKING = array(
		'title'          => 'Haircut <b>deluxe</b>',
		'start'          => '2026-12-01T09:30:00+01:00',
		'end'            => '2026-12-01T10:15:00+01:00',
		'timezone'       => 'Europe/Berlin',
		'customer_name'  => 'Ada Lovelace',
		'customer_email' => 'ada@example.test',
		'customer_phone' => '+44 20 7946 0000',
		'notes'          => 'Prefers the window seat.',
	);

	protected function setUp(): void {
		parent::setUp();
		global $wpdb;
		$wpdb->query( "DELETE FROM {$wpdb->prefix}syncwarden_bookings" );
		$wpdb->query( "DELETE FROM {$wpdb->prefix}syncwarden_booking_links" );
	}

	public function test_a_booking_plugin_pushes_a_booking_through_the_public_api(): void {
		$heard = array();
		$spy   = static function ( array $booking, string $event ) use ( &$heard ) {
			$heard[] = array( $booking['id'], $event );
		};
		add_action( 'syncwarden_booking_saved', $spy, 10, 2 );

		$booking = syncwarden_push_booking( self::BOOKING, 'amelia' );

		remove_action( 'syncwarden_booking_saved', $spy );
		$this->assertIsArray( $booking );
		$this->assertSame( strtotime( '2026-12-01T08:30:00Z' ), $booking['starts_at'], 'stored in UTC' );
		$this->assertSame( 'Europe/Berlin', $booking['timezone'] );
		$this->assertSame( 'Haircut <b>deluxe</b>', $booking['title'], 'stored as text, escaped on output' );
		$this->assertSame( array( 'amelia', 'confirmed' ), array( $booking['source'], $booking['status'] ) );
		$this->assertSame( array( array( $booking['id'], 'booking.created' ) ), $heard );
	}

	public function test_the_audit_entry_names_fields_but_holds_no_personal_values(): void {
		$booking = syncwarden_push_booking( self::BOOKING );

		$entry = ( new AuditLog() )->recent( 1 )[0];

		$this->assertSame( array( 'booking.created', $booking['id'] ), array( $entry['event'], $entry['booking_id'] ) );
		$this->assertContains( 'customer_email', $entry['fields'] );
		$this->assertStringNotContainsString( 'ada@example.test', wp_json_encode( $entry ) );
		$this->assertStringNotContainsString( 'Lovelace', wp_json_encode( $entry ) );
	}

	public function test_cancel_keeps_the_booking_marked_cancelled(): void {
		$booking = syncwarden_push_booking( self::BOOKING );

		$cancelled = syncwarden_cancel_booking( $booking['id'] );

		$this->assertSame( 'cancelled', $cancelled['status'] );
		$this->assertSame( 'booking.cancelled', ( new AuditLog() )->recent( 1 )[0]['event'] );
	}

	/**
	 * @dataProvider bad_bookings
	 */
	public function test_bad_input_names_each_field_and_stores_nothing( array $changes, array $fields ): void {
		$result = syncwarden_push_booking( array_merge( self::BOOKING, $changes ) );

		$this->assertWPError( $result );
		$this->assertSame( $fields, array_keys( $result->get_error_data()['params'] ) );
		$this->assertSame( 0, ( new BookingsRepository() )->query( array() )['total'] );
	}

	public static function bad_bookings(): array {
		return array(
			'no title'          => array( array( 'title' => '' ), array( 'title' ) ),
			'end before start'  => array( array( 'end' => '2026-12-01T09:00:00+01:00' ), array( 'end' ) ),
			'no offset'         => array( array( 'start' => '2026-12-01 09:30' ), array( 'start' ) ),
			'bad email'         => array( array( 'customer_email' => 'not-an-email' ), array( 'customer_email' ) ),
			'bad phone'         => array( array( 'customer_phone' => 'call me' ), array( 'customer_phone' ) ),
			'bad zone'          => array( array( 'timezone' => 'Mars/Olympus' ), array( 'timezone' ) ),
			'bad status'        => array( array( 'status' => 'maybe' ), array( 'status' ) ),
			'control character' => array( array( 'notes' => "a\x07b" ), array( 'notes' ) ),
			'oversized title'   => array( array( 'title' => str_repeat( 'x', 256 ) ), array( 'title' ) ),
			'array as text'     => array( array( 'customer_name' => array( 'x' ) ), array( 'customer_name' ) ),
		);
	}

	public function test_a_legacy_zone_name_is_accepted_and_stored_as_the_current_iana_name(): void {
		$calcutta = syncwarden_push_booking( array( 'timezone' => 'Asia/Calcutta' ) + self::BOOKING );
		$pacific  = syncwarden_push_booking( array( 'timezone' => 'US/Pacific' ) + self::BOOKING );
		$windows  = syncwarden_push_booking( array( 'timezone' => 'Pacific Standard Time' ) + self::BOOKING );

		$this->assertSame( 'Asia/Kolkata', $calcutta['timezone'] );
		$this->assertSame( 'America/Los_Angeles', $pacific['timezone'] );
		$this->assertSame( array( 'timezone' ), array_keys( $windows->get_error_data()['params'] ), 'a Windows id is no IANA zone' );
		$updated = syncwarden_update_booking( $calcutta['id'], array( 'timezone' => 'Europe/Kiev' ) );
		$this->assertSame( 'Europe/Kyiv', $updated['timezone'] );
	}

	public function test_an_external_item_links_to_one_booking_only_by_construction(): void {
		$repository = new BookingsRepository();
		$first      = syncwarden_push_booking( self::BOOKING )['id'];
		$second     = syncwarden_push_booking( self::BOOKING )['id'];

		$this->assertTrue( $repository->link( $first, 7, 'google-event-1' ) );
		$this->assertFalse( $repository->link( $second, 7, 'google-event-1' ), 'same external item again' );
		$this->assertFalse( $repository->link( $first, 7, 'google-event-2' ), 'same booking twice on one connection' );
		$this->assertSame( $first, $repository->find_by_external( 7, 'google-event-1' ) );
	}

	public function test_rest_lists_with_search_filters_and_paging(): void {
		syncwarden_push_booking( self::BOOKING, 'amelia' );
		syncwarden_push_booking( array_merge( self::BOOKING, array( 'customer_name' => 'Grace Hopper', 'start' => '2026-12-02T09:00:00Z', 'end' => '2026-12-02T10:00:00Z' ) ) );
		$this->log_in_as( 'administrator' );

		$this->assertSame( array( 'Grace Hopper' ), array_column( $this->rest( 'GET', '/syncwarden/v1/bookings', array( 'search' => 'grace' ) )->get_data(), 'customer_name' ) );
		$this->assertSame( array( 'Ada Lovelace' ), array_column( $this->rest( 'GET', '/syncwarden/v1/bookings', array( 'source' => 'amelia' ) )->get_data(), 'customer_name' ) );
		$page = $this->rest( 'GET', '/syncwarden/v1/bookings', array( 'per_page' => 1, 'page' => 2 ) );
		$this->assertSame( array( 'Grace Hopper' ), array_column( $page->get_data(), 'customer_name' ) );
		$this->assertSame( '2', $page->get_headers()['X-WP-Total'] );
	}

	public function test_rest_creates_manual_bookings_and_updates_them(): void {
		$this->log_in_as( 'administrator' );

		$created = $this->rest( 'POST', '/syncwarden/v1/bookings', self::BOOKING );
		$this->assertSame( 201, $created->get_status() );
		$this->assertSame( 'manual', $created->get_data()['source'] );

		$updated = $this->rest( 'PUT', '/syncwarden/v1/bookings/' . $created->get_data()['id'], array( 'title' => 'Beard trim' ) );
		$this->assertSame( 'Beard trim', $updated->get_data()['title'] );
		$this->assertSame( 404, $this->rest( 'PUT', '/syncwarden/v1/bookings/999999', array( 'title' => 'x' ) )->get_status() );
		$this->assertSame( 400, $this->rest( 'POST', '/syncwarden/v1/bookings', array( 'title' => 'No times' ) )->get_status() );
	}
}
