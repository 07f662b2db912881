<?php

namespace SyncWarden\Tests\Integration\Time;

use SyncWarden\Storage\BookingsRepository;
use SyncWarden\Sync\Outbox;
use SyncWarden\Tests\OAuthTestCase;
use SyncWarden\Tests\Peer;

/**
 * Outlook events in every booking zone, against the peer, which refuses zones Graph refuses
 * (400 TimeZoneNotSupportedException) and reads dateTime as wall time in the zone named.
 */
final class GraphTimeZonesTest extends OAuthTestCase {

	/** Windows-only zones, Graph's listed IANA zones, half- and quarter-hour offsets, aliases. */
	private const ZONES = array(
		'Europe/Madrid', 'America/Toronto', 'Australia/Melbourne', 'Asia/Kolkata', 'Asia/Calcutta',
		'America/Sao_Paulo', 'Europe/Berlin', 'America/Los_Angeles', 'US/Pacific', 'America/New_York',
		'Asia/Tokyo', 'Pacific/Auckland', 'Asia/Kathmandu', 'Australia/Adelaide', 'America/St_Johns',
		'Pacific/Chatham', 'Africa/Casablanca', 'Asia/Tehran', 'Europe/London', 'UTC', 'Pacific/Kiritimati',
		'America/Argentina/Buenos_Aires', 'Europe/Kyiv', 'Asia/Shanghai', 'Atlantic/Azores',
		'Antarctica/Troll', 'America/Chihuahua',
	);

	/** A Graph API call at the peer with the connection's token, as the account owner's app would. */
	private function graph( int $connection_id, string $method, string $path, ?array $body = null, array $headers = array() ): array {
		$token = self::repository()->tokens( $connection_id )['access_token'];
		$curl  = curl_init( Peer::url() . '/api/microsoft' . $path );
		curl_setopt_array(
			$curl,
			array(
				CURLOPT_CUSTOMREQUEST  => $method,
				CURLOPT_RETURNTRANSFER => true,
				CURLOPT_CAINFO         => Peer::ca(),
				CURLOPT_HTTPHEADER     => array_merge( array( 'Content-Type: application/json', 'Authorization: Bearer ' . $token ), $headers ),
				CURLOPT_POSTFIELDS     => null === $body ? null : wp_json_encode( $body ),
			)
		);
		$json   = json_decode( (string) curl_exec( $curl ), true );
		$status = curl_getinfo( $curl, CURLINFO_RESPONSE_CODE );
		curl_close( $curl );
		return array( $status, $json );
	}

	private static function instant( array $time ): int {
		$zone = 'UTC' === $time['timeZone'] ? 'UTC' : \IntlTimeZone::getIDForWindowsID( $time['timeZone'] );
		return ( new \DateTimeImmutable( $time['dateTime'], new \DateTimeZone( $zone ) ) )->getTimestamp();
	}

	public function test_bookings_in_every_zone_reach_graph_with_a_zone_it_accepts_at_the_right_instant(): void {
		$connection = $this->connect( 'microsoft', array( 'export' ) );
		$bookings   = array();
		foreach ( self::ZONES as $zone ) {
			foreach ( array( '2027-01-14 09:30', '2027-07-14 17:45' ) as $local ) {
				$start      = new \DateTimeImmutable( $local, new \DateTimeZone( $zone ) );
				$bookings[] = syncwarden_push_booking(
					array(
						'title'    => "Booking in $zone",
						'start'    => $start->format( DATE_RFC3339 ),
						'end'      => $start->modify( '+50 minutes' )->format( DATE_RFC3339 ),
						'timezone' => $zone,
					)
				);
			}
		}
		for ( $run = 0; $run < 4; $run++ ) { // The outbox works in batches.
			do_action( Outbox::HOOK );
		}

		$links = new BookingsRepository();
		foreach ( $bookings as $booking ) {
			$this->assertIsArray( $booking );
			$id = $links->external_id( $booking['id'], $connection['id'] );
			$this->assertNotNull( $id, "exported: {$booking['timezone']}" );
			[ $status, $event ] = $this->graph( $connection['id'], 'GET', '/v1.0/me/events/' . rawurlencode( $id ) );
			$this->assertSame( 200, $status );
			$this->assertSame( $booking['starts_at'], strtotime( $event['start']['dateTime'] . 'Z' ), "start at the peer: {$booking['timezone']}" );
			$this->assertSame( $booking['ends_at'], strtotime( $event['end']['dateTime'] . 'Z' ), "end at the peer: {$booking['timezone']}" );
			$this->assertNotSame( '', $event['originalStartTimeZone'] );
		}
		$sent = array_column( array_column( array_filter( Peer::stats()['requests'], static fn( $r ) => 'POST' === $r['method'] ), 'body' ), 'start' );
		$this->assertCount( 2 * count( self::ZONES ), $sent );
		$zones = array_column( $sent, 'timeZone' );
		$this->assertContains( 'Romance Standard Time', $zones, 'Europe/Madrid' );
		$this->assertContains( 'India Standard Time', $zones, 'Asia/Kolkata' );
		$this->assertContains( 'AUS Eastern Standard Time', $zones, 'Australia/Melbourne' );
		$this->assertContains( 'E. South America Standard Time', $zones, 'America/Sao_Paulo' );
		$this->assertNotContains( 'Europe/Madrid', $zones, 'not in Graph’s IANA list' );
		foreach ( $sent as $time ) {
			$this->assertMatchesRegularExpression( '/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/', $time['dateTime'], 'wall time without an offset' );
		}
	}

	public function test_a_zone_graph_refuses_is_never_sent_even_where_cldr_and_tz_disagree(): void {
		$connection = $this->connect( 'microsoft', array( 'export' ) );
		// Antarctica/Troll has no Windows zone: the event goes out in UTC, at the same instant.
		$booking = syncwarden_push_booking(
			array(
				'title'    => 'Troll station call',
				'start'    => '2027-03-01T12:00:00+00:00',
				'end'      => '2027-03-01T12:30:00+00:00',
				'timezone' => 'Antarctica/Troll',
			)
		);
		do_action( Outbox::HOOK );

		$created = array_values( array_filter( Peer::stats()['requests'], static fn( $r ) => 'POST' === $r['method'] ) );
		$this->assertSame( array( 'dateTime' => '2027-03-01T12:00:00', 'timeZone' => 'UTC' ), $created[0]['body']['start'] );
		$this->assertNotNull( ( new BookingsRepository() )->external_id( $booking['id'], $connection['id'] ) );
	}

	public function test_the_peer_refuses_what_graph_refuses_with_graphs_error(): void {
		$connection = $this->connect( 'microsoft', array( 'export' ) );
		$event      = array(
			'subject' => 'Madrid by IANA name',
			'start'   => array( 'dateTime' => '2027-01-14T09:30:00', 'timeZone' => 'Europe/Madrid' ),
			'end'     => array( 'dateTime' => '2027-01-14T10:30:00', 'timeZone' => 'Europe/Madrid' ),
		);

		[ $status, $body ] = $this->graph( $connection['id'], 'POST', '/v1.0/me/events', $event );

		$this->assertSame( 400, $status );
		$expected = json_decode( (string) file_get_contents( dirname( __DIR__, 3 ) . '/fixtures/providers/microsoft/error-time-zone-not-supported.json' ), true );
		$this->assertSame( $expected['error']['code'], $body['error']['code'] );
		$this->assertStringContainsString( 'Europe/Madrid', $body['error']['message'] );
	}

	public function test_import_asks_for_utc_and_reads_each_events_windows_zone_back_as_iana(): void {
		$connection = $this->connect( 'microsoft', array( 'import', 'export' ) );
		[ $status, $made ] = $this->graph(
			$connection['id'],
			'POST',
			'/v1.0/me/events',
			array(
				'subject' => 'Consultation in Pune',
				'start'   => array( 'dateTime' => gmdate( 'Y-m-d', time() + 3 * DAY_IN_SECONDS ) . 'T09:30:00', 'timeZone' => 'India Standard Time' ),
				'end'     => array( 'dateTime' => gmdate( 'Y-m-d', time() + 3 * DAY_IN_SECONDS ) . 'T10:15:00', 'timeZone' => 'India Standard Time' ),
			)
		);
		$this->assertSame( 201, $status );

		$response = $this->rest( 'POST', "/syncwarden/v1/connections/{$connection['id']}/sync" );

		$this->assertSame( 200, $response->get_status(), wp_json_encode( $response->get_data() ) );
		$repo  = new BookingsRepository();
		$found = $repo->find( (int) $repo->find_by_external( $connection['id'], $made['id'] ) );
		$this->assertNotNull( $found );
		$this->assertSame( 'Asia/Kolkata', $found['timezone'], 'India Standard Time → Asia/Kolkata' );
		$this->assertSame( strtotime( gmdate( 'Y-m-d', time() + 3 * DAY_IN_SECONDS ) . 'T04:00:00Z' ), $found['starts_at'] );
	}
}
