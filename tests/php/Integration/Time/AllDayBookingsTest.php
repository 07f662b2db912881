<?php

namespace SyncWarden\Tests\Integration\Time;

use SyncWarden\Providers\ProviderRegistry;
use SyncWarden\Storage\BookingsRepository;
use SyncWarden\Sync\Outbox;
use SyncWarden\Sync\PayloadBuilder;
use SyncWarden\Tests\OAuthTestCase;
use SyncWarden\Tests\Peer;

/**
 * All-day bookings: dates in the booking's zone, the end exclusive, stored, listed, exported as
 * all-day events (Google { date }, Graph isAllDay midnight to midnight) and imported as such.
 */
final class AllDayBookingsTest extends OAuthTestCase {

	private const CHRISTMAS_EVE = array(
		'title'    => 'Studio closed',
		'all_day'  => true,
		'start'    => '2027-12-24',
		'end'      => '2027-12-25',
		'timezone' => 'America/Los_Angeles',
	);

	private function posted( string $prefix ): array {
		return array_values( array_filter( Peer::stats()['requests'], static fn( $r ) => in_array( $r['method'], array( 'POST', 'PATCH' ), true ) && str_starts_with( $r['path'], $prefix ) ) );
	}

	public function test_an_all_day_booking_is_stored_as_its_dates_in_its_zone(): void {
		$booking = syncwarden_push_booking( self::CHRISTMAS_EVE );

		$this->assertTrue( $booking['all_day'] );
		$this->assertSame( strtotime( '2027-12-24T08:00:00Z' ), $booking['starts_at'], 'midnight in Los Angeles' );
		$this->assertSame( strtotime( '2027-12-25T08:00:00Z' ), $booking['ends_at'] );
		$this->assertSame( array( '2027-12-24', '2027-12-25' ), array( $booking['start_date'], $booking['end_date'] ) );
		$moved = syncwarden_update_booking( $booking['id'], array( 'timezone' => 'Europe/Berlin' ) );
		$this->assertSame( array( '2027-12-24', '2027-12-25' ), array( $moved['start_date'], $moved['end_date'] ), 'a zone change keeps the dates' );
		$this->assertSame( strtotime( '2027-12-23T23:00:00Z' ), $moved['starts_at'] );
		$timed = syncwarden_push_booking( array( 'title' => 'Call', 'start' => '2027-12-24T09:00:00-08:00', 'end' => '2027-12-24T09:30:00-08:00' ) );
		$this->assertFalse( $timed['all_day'] );
		$this->assertNull( $timed['start_date'] );
	}

	public static function bad_all_day_input(): array {
		return array(
			'date-time for an all-day booking' => array( array( 'start' => '2027-12-24T00:00:00-08:00' ) + self::CHRISTMAS_EVE, 'start' ),
			'impossible date'                  => array( array( 'end' => '2027-02-30' ) + self::CHRISTMAS_EVE, 'end' ),
			'end not after start'              => array( array( 'end' => '2027-12-24' ) + self::CHRISTMAS_EVE, 'end' ),
			'all_day not a boolean'            => array( array( 'all_day' => 'sometimes' ) + self::CHRISTMAS_EVE, 'all_day' ),
			'date for a timed booking'         => array( array( 'all_day' => false ) + self::CHRISTMAS_EVE, 'start' ),
		);
	}

	/** @dataProvider bad_all_day_input */
	public function test_bad_all_day_input_is_refused_and_nothing_stored( array $input, string $field ): void {
		$result = syncwarden_push_booking( $input );

		$this->assertWPError( $result );
		$this->assertArrayHasKey( $field, $result->get_error_data()['params'] );
		$this->assertSame( 0, ( new BookingsRepository() )->query( array( 'per_page' => 10 ) )['total'] );
	}

	public function test_switching_kind_needs_a_new_start_and_end(): void {
		$booking = syncwarden_push_booking( self::CHRISTMAS_EVE );

		$refused = syncwarden_update_booking( $booking['id'], array( 'all_day' => false ) );
		$timed   = syncwarden_update_booking( $booking['id'], array( 'all_day' => false, 'start' => '2027-12-24T10:00:00-08:00', 'end' => '2027-12-24T11:00:00-08:00' ) );

		$this->assertWPError( $refused );
		$this->assertFalse( $timed['all_day'] );
		$this->assertSame( strtotime( '2027-12-24T18:00:00Z' ), $timed['starts_at'] );
	}

	public function test_the_rest_api_takes_and_returns_all_day_bookings(): void {
		$this->log_in_as( 'administrator' );
		$created = $this->rest( 'POST', '/syncwarden/v1/bookings', self::CHRISTMAS_EVE );
		$listed  = $this->rest( 'GET', '/syncwarden/v1/bookings' )->get_data();

		$this->assertSame( 201, $created->get_status(), wp_json_encode( $created->get_data() ) );
		$this->assertTrue( $listed[0]['all_day'] );
		$this->assertSame( array( '2027-12-24', '2027-12-25' ), array( $listed[0]['start_date'], $listed[0]['end_date'] ) );
	}

	public function test_google_gets_an_all_day_event_by_date_and_a_switch_clears_the_other_kind(): void {
		$this->connect( 'google', array( 'export' ) );
		$booking = syncwarden_push_booking( self::CHRISTMAS_EVE );
		do_action( Outbox::HOOK );
		syncwarden_update_booking( $booking['id'], array( 'all_day' => false, 'start' => '2027-12-24T10:00:00-08:00', 'end' => '2027-12-24T11:00:00-08:00' ) );
		do_action( Outbox::HOOK );
		syncwarden_update_booking( $booking['id'], array( 'all_day' => true, 'start' => '2027-12-24', 'end' => '2027-12-26' ) );
		do_action( Outbox::HOOK );

		[ $create, $to_timed, $to_all_day ] = $this->posted( '/api/google/calendar/v3/calendars/primary/events' );
		$this->assertSame( array( 'date' => '2027-12-24', 'dateTime' => null ), $create['body']['start'] );
		$this->assertSame( array( 'date' => '2027-12-25', 'dateTime' => null ), $create['body']['end'], 'end date exclusive' );
		$this->assertSame( '2027-12-24T10:00:00-08:00', $to_timed['body']['start']['dateTime'] );
		$this->assertSame( array( 'date' => '2027-12-26', 'dateTime' => null ), $to_all_day['body']['end'] );
		$this->assertSame( 'done', $this->job_status( $booking['id'] ) );
	}

	public function test_graph_gets_an_all_day_event_midnight_to_midnight_in_a_zone_it_accepts(): void {
		$this->connect( 'microsoft', array( 'export' ) );
		$booking = syncwarden_push_booking( array( 'timezone' => 'Europe/Madrid' ) + self::CHRISTMAS_EVE );
		do_action( Outbox::HOOK );

		[ $create ] = $this->posted( '/api/microsoft/v1.0/me/events' );
		$this->assertTrue( $create['body']['isAllDay'] );
		$this->assertSame( array( 'dateTime' => '2027-12-24T00:00:00', 'timeZone' => 'Romance Standard Time' ), $create['body']['start'] );
		$this->assertSame( array( 'dateTime' => '2027-12-25T00:00:00', 'timeZone' => 'Romance Standard Time' ), $create['body']['end'] );
		$this->assertSame( 'done', $this->job_status( $booking['id'] ) );
	}

	public function test_the_peers_refuse_all_day_events_the_services_refuse(): void {
		$this->connect( 'google', array( 'export' ) );
		$this->connect( 'microsoft', array( 'export' ) );
		$by        = array_column( $this->connections(), null, 'provider' );
		$google    = $by['google'];
		$microsoft = $by['microsoft'];
		$both      = array(
			'date'     => '2027-12-24',
			'dateTime' => '2027-12-24T00:00:00-08:00',
		);
		$mixed     = array(
			'start' => array( 'date' => '2027-12-24' ),
			'end'   => array( 'dateTime' => '2027-12-25T00:00:00-08:00' ),
		);
		$not_midnight = array(
			'isAllDay' => true,
			'start'    => array( 'dateTime' => '2027-12-24T09:00:00', 'timeZone' => 'Pacific Standard Time' ),
			'end'      => array( 'dateTime' => '2027-12-25T09:00:00', 'timeZone' => 'Pacific Standard Time' ),
		);

		$this->assertSame( 400, $this->peer( $google['id'], '/api/google/calendar/v3/calendars/primary/events', array( 'start' => $both, 'end' => array( 'date' => '2027-12-25' ) ) ) );
		$this->assertSame( 400, $this->peer( $google['id'], '/api/google/calendar/v3/calendars/primary/events', $mixed ) );
		$this->assertSame( 400, $this->peer( $microsoft['id'], '/api/microsoft/v1.0/me/events', $not_midnight ) );
	}

	public function test_an_imported_google_all_day_event_goes_to_outlook_as_all_day_on_the_same_date(): void {
		$page     = ProviderRegistry::default()->get( 'google' )->import_page(
			array(
				'timeZone' => 'America/Los_Angeles',
				'items'    => array(
					array(
						'id'      => 'ev1',
						'summary' => 'Studio closed',
						'start'   => array( 'date' => '2027-12-24' ),
						'end'     => array( 'date' => '2027-12-25' ),
					),
				),
			)
		);
		$imported = \SyncWarden\Plugin::bookings()->store_imported( $page['events'][0], 'google-1', null )['booking'];

		$payload = PayloadBuilder::build( ProviderRegistry::default()->get( 'microsoft' ), $imported, array() );

		$this->assertTrue( $imported['all_day'] );
		$this->assertTrue( $payload['isAllDay'] );
		$this->assertSame( array( 'dateTime' => '2027-12-24T00:00:00', 'timeZone' => 'Pacific Standard Time' ), $payload['start'], 'not 23 Dec 16:00 and not a timed 24-hour event' );
	}

	public function test_all_day_events_of_the_seeded_calendars_import_as_all_day_bookings(): void {
		foreach ( array( 'google', 'microsoft' ) as $provider ) {
			$this->connect( $provider, array( 'import' ) );
		}
		foreach ( $this->connections() as $connection ) {
			$this->assertSame( 200, $this->rest( 'POST', "/syncwarden/v1/connections/{$connection['id']}/sync" )->get_status() );
			$imported = ( new BookingsRepository() )->query( array( 'source' => "{$connection['provider']}-{$connection['id']}", 'per_page' => 100 ) )['items'];
			$all_day  = array_values( array_filter( $imported, static fn( $b ) => $b['all_day'] ) );
			$this->assertNotEmpty( $all_day, $connection['provider'] );
			$first = array_values( array_filter( $all_day, static fn( $b ) => 'Offsite prep' === $b['title'] ) )[0];
			$this->assertSame( gmdate( 'Y-m-d' ), $first['start_date'], "{$connection['provider']}: the seeded calendar starts today (UTC)" );
			$this->assertSame( gmdate( 'Y-m-d', time() + DAY_IN_SECONDS ), $first['end_date'] );
		}
	}

	private function peer( int $connection_id, string $path, array $body ): int {
		$token = self::repository()->tokens( $connection_id )['access_token'];
		$curl  = curl_init( Peer::url() . $path );
		curl_setopt_array(
			$curl,
			array(
				CURLOPT_POST           => true,
				CURLOPT_RETURNTRANSFER => true,
				CURLOPT_CAINFO         => Peer::ca(),
				CURLOPT_HTTPHEADER     => array( 'Content-Type: application/json', 'Authorization: Bearer ' . $token ),
				CURLOPT_POSTFIELDS     => wp_json_encode( array( 'summary' => 'x', 'subject' => 'x' ) + $body ),
			)
		);
		curl_exec( $curl );
		$status = curl_getinfo( $curl, CURLINFO_RESPONSE_CODE );
		curl_close( $curl );
		return $status;
	}

	private function job_status( int $booking_id ): string {
		global $wpdb;
		return (string) $wpdb->get_var( $wpdb->prepare( "SELECT status FROM {$wpdb->prefix}syncwarden_outbox WHERE booking_id = %d ORDER BY id DESC LIMIT 1", $booking_id ) );
	}
}
