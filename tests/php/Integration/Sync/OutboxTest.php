<?php

namespace SyncWarden\Tests\Integration\Sync;

use SyncWarden\Audit\AuditLog;
use SyncWarden\Storage\BookingsRepository;
use SyncWarden\Storage\InstallId;
use SyncWarden\Storage\OutboxRepository;
use SyncWarden\Sync\Outbox;
use SyncWarden\Tests\ExportTestCase;
use SyncWarden\Tests\Peer;

/**
 * Export through the outbox against the stateful provider fixtures; every assertion about what
 * was sent is made on what the peer RECEIVED.
 */
final class OutboxTest extends ExportTestCase {

	private const BOOKING = array(
		'title'          => 'Therapy session',
		'start'          => '2026-12-01T09:30:00+01:00',
		'end'            => '2026-12-01T10:15:00+01:00',
		'timezone'       => 'Europe/Berlin',
		'customer_name'  => 'Ada Lovelace',
		'customer_email' => 'ada@example.test',
		'customer_phone' => '+44 20 7946 0000',
		'notes'          => 'Private notes',
	);

	public function test_a_new_booking_becomes_one_calendar_event_with_only_the_default_fields(): void {
		$connection = $this->connect( 'google', array( 'export' ) );

		$booking = syncwarden_push_booking( self::BOOKING );
		$this->run_outbox();

		$created = $this->received( 'POST', '/api/google/calendar/v3/calendars/primary/events' );
		$this->assertCount( 1, $created );
		$this->assertSame( 'Booking', $created[0]['body']['summary'] );
		$this->assertSame( '2026-12-01T09:30:00+01:00', $created[0]['body']['start']['dateTime'] );
		$body = wp_json_encode( $created[0]['body'] );
		foreach ( array( 'Therapy', 'Ada', 'ada@example.test', '7946', 'Private notes' ) as $personal ) {
			$this->assertStringNotContainsString( $personal, $body, 'minimal by default' );
		}
		$this->assertSame( 'done', $this->job_status( $booking['id'] )['status'] );
		$this->assertNotNull( ( new BookingsRepository() )->external_id( $booking['id'], $connection['id'] ) );
		$sent = ( new AuditLog() )->recent( 1 )[0];
		$this->assertSame( array( 'export.sent', array( 'starts_at', 'ends_at', 'timezone', 'all_day' ) ), array( $sent['event'], $sent['fields'] ) );
	}

	public function test_changes_update_the_same_event_and_a_cancel_deletes_it(): void {
		$this->connect( 'google', array( 'export' ) );
		$booking = syncwarden_push_booking( self::BOOKING );
		$this->run_outbox();
		$event_id = $this->received( 'POST', '/api/google/calendar/v3/calendars/primary/events' )[0] ?? null;
		$this->assertNotNull( $event_id );

		syncwarden_update_booking( $booking['id'], array( 'start' => '2026-12-01T10:00:00+01:00', 'end' => '2026-12-01T10:45:00+01:00' ) );
		$this->run_outbox();
		syncwarden_cancel_booking( $booking['id'] );
		$this->run_outbox();

		$this->assertCount( 1, $this->received( 'POST', '/api/google/calendar/v3/calendars/primary/events' ) );
		$patches = $this->received( 'PATCH', '/api/google/calendar/v3/calendars/primary/events/' );
		$this->assertCount( 1, $patches );
		$this->assertSame( '2026-12-01T10:00:00+01:00', $patches[0]['body']['start']['dateTime'] );
		$this->assertCount( 1, $this->received( 'DELETE', '/api/google/calendar/v3/calendars/primary/events/' ) );
	}

	public function test_a_second_run_that_takes_over_an_expired_lock_never_repeats_a_create_in_flight(): void {
		global $wpdb;
		$this->connect( 'google', array( 'export' ) );
		$booking = syncwarden_push_booking( self::BOOKING );
		$nested  = null;
		// While the first run's create is on the wire, its lock expires (a slow provider) and a
		// second cron run starts and takes the lock over.
		$overtake = function ( $preempt, array $args, string $url ) use ( &$nested, $wpdb ) {
			if ( null === $nested && 'POST' === $args['method'] && str_ends_with( $url, '/calendar/v3/calendars/primary/events' ) ) {
				$nested = false;
				$wpdb->query( $wpdb->prepare( "UPDATE {$wpdb->options} SET option_value = %s WHERE option_name = 'syncwarden_lock_outbox'", ( time() - 1 ) . ':expired' ) );
				wp_cache_flush();
				$this->run_outbox();
				$nested = true;
			}
			return $preempt;
		};
		add_filter( 'pre_http_request', $overtake, 10, 3 );
		try {
			$this->run_outbox();
		} finally {
			remove_filter( 'pre_http_request', $overtake );
		}

		$this->assertTrue( $nested, 'the second run ran' );
		$this->assertCount( 1, $this->received( 'POST', '/api/google/calendar/v3/calendars/primary/events' ), 'the job leased by the first run was not sent again' );
		$this->assertSame( 'done', $this->job_status( $booking['id'] )['status'] );
	}

	public function test_the_outbox_lock_and_each_lease_cover_a_job_s_worst_case_calls(): void {
		$this->connect( 'google', array( 'export' ) );
		syncwarden_push_booking( self::BOOKING );
		$seen  = array();
		$watch = function ( $preempt, array $args, string $url ) use ( &$seen ) {
			global $wpdb;
			if ( ! $seen && 'POST' === $args['method'] && str_ends_with( $url, '/calendar/v3/calendars/primary/events' ) ) {
				$seen = array(
					'lock'  => (int) $wpdb->get_var( "SELECT option_value FROM {$wpdb->options} WHERE option_name = 'syncwarden_lock_outbox'" ),
					'lease' => (int) $wpdb->get_var( "SELECT next_attempt_at FROM {$wpdb->prefix}syncwarden_outbox WHERE status = 'running'" ),
				);
			}
			return $preempt;
		};
		add_filter( 'pre_http_request', $watch, 10, 3 );
		try {
			$this->run_outbox();
		} finally {
			remove_filter( 'pre_http_request', $watch );
		}

		// Three calls (lookup, create, update after a 409) and a refresh, each with its retries
		// running into the 15 s timeout.
		$worst = 4 * \SyncWarden\Http\HttpClient::worst_case_seconds();
		$this->assertGreaterThanOrEqual( time() + $worst - 5, $seen['lock'] );
		$this->assertGreaterThanOrEqual( time() + $worst - 5, $seen['lease'] );
	}

	public function test_cancel_then_confirm_again_before_the_outbox_runs_keeps_the_event(): void {
		$this->connect( 'google', array( 'export' ) );
		$booking = syncwarden_push_booking( self::BOOKING );
		$this->run_outbox();

		syncwarden_cancel_booking( $booking['id'] );
		syncwarden_update_booking( $booking['id'], array( 'status' => 'confirmed' ) ); // Changed their mind.
		$this->run_outbox();

		$this->assertCount( 0, $this->received( 'DELETE', '/api/google/calendar/v3/calendars/primary/events/' ), 'the last state, confirmed, wins' );
		$this->assertCount( 1, $this->received( 'PATCH', '/api/google/calendar/v3/calendars/primary/events/' ) );
		$this->assertSame( 'done', $this->job_status( $booking['id'] )['status'] );
	}

	public function test_confirm_then_cancel_before_the_outbox_runs_deletes_the_event(): void {
		$this->connect( 'google', array( 'export' ) );
		$booking = syncwarden_push_booking( self::BOOKING );
		$this->run_outbox();

		syncwarden_update_booking( $booking['id'], array( 'title' => 'Moved' ) );
		syncwarden_cancel_booking( $booking['id'] );
		$this->run_outbox();

		$this->assertCount( 1, $this->received( 'DELETE', '/api/google/calendar/v3/calendars/primary/events/' ) );
		$this->assertCount( 0, $this->received( 'PATCH', '/api/google/calendar/v3/calendars/primary/events/' ) );
	}

	public function test_allowed_fields_reach_the_provider_and_nothing_else(): void {
		$connection = $this->connect( 'hubspot', array( 'export' ) );
		$this->rest( 'PUT', "/syncwarden/v1/connections/{$connection['id']}/sharing", array( 'allowed' => array( 'customer_name' ) ) );

		syncwarden_push_booking( self::BOOKING );
		$this->run_outbox();

		$created = $this->received( 'POST', '/api/hubspot/crm/v3/objects/contacts' );
		$this->assertSame( array( 'properties' => array( 'email' => 'ada@example.test', 'firstname' => 'Ada', 'lastname' => 'Lovelace' ) ), $created[0]['body'] );
	}

	public function test_a_provider_down_keeps_the_job_with_backoff_and_loses_nothing(): void {
		$this->connect( 'google', array( 'export' ) );
		Peer::fail_next( '/api/google/calendar/v3/calendars/primary/events', array( 'status' => 503, 'body' => '{}', 'times' => 9 ) );

		$booking = syncwarden_push_booking( self::BOOKING );
		$this->run_outbox();

		$job = $this->job_status( $booking['id'] );
		$this->assertSame( array( 'pending', '1', 'transient' ), array( $job['status'], (string) $job['attempts'], $job['last_error_kind'] ) );
		$this->run_outbox();
		$this->assertSame( '1', (string) $this->job_status( $booking['id'] )['attempts'], 'not due yet: backoff holds' );

		Peer::control( 'POST', '/reset', array() );
		$this->make_due( $booking['id'] );
		$this->run_outbox();

		$this->assertSame( 'done', $this->job_status( $booking['id'] )['status'] );
	}

	public function test_a_retried_create_never_adopts_the_event_another_site_made_for_its_booking_of_the_same_id(): void {
		$connection = $this->connect( 'google', array( 'export' ) );
		$booking    = syncwarden_push_booking( self::BOOKING );
		$token      = self::repository()->tokens( $connection['id'] )['access_token'];
		// Two other sites export to this calendar: one marks events with its bare booking id (as
		// SyncWarden did before the installation id), one with its own installation id.
		$this->create_event_at_peer( $token, $booking['id'], (string) $booking['id'] );
		$this->create_event_at_peer( $token, $booking['id'], 'AnotherSite00000-' . $booking['id'] );
		global $wpdb;
		$wpdb->query( $wpdb->prepare( "UPDATE {$wpdb->prefix}syncwarden_outbox SET attempts = 1 WHERE booking_id = %d", $booking['id'] ) );

		$this->run_outbox();

		$this->assertCount( 3, $this->received( 'POST', '/api/google/calendar/v3/calendars/primary/events' ), 'the two other sites’ events, then ours' );
		$this->assertCount( 0, $this->received( 'PATCH', '/api/google/calendar/v3/calendars/primary/events/' ), 'no other site’s event was taken over' );
		$this->assertSame( 'done', $this->job_status( $booking['id'] )['status'] );
	}

	public function test_a_retried_create_whose_first_answer_was_lost_makes_no_second_event(): void {
		$connection = $this->connect( 'google', array( 'export' ) );
		$booking    = syncwarden_push_booking( self::BOOKING );
		// The first attempt reached Google, but its answer never came back.
		$token = self::repository()->tokens( $connection['id'] )['access_token'];
		$this->create_event_at_peer( $token, $booking['id'] );
		global $wpdb;
		$wpdb->query( $wpdb->prepare( "UPDATE {$wpdb->prefix}syncwarden_outbox SET attempts = 1 WHERE booking_id = %d", $booking['id'] ) );

		$this->run_outbox();

		$this->assertCount( 1, $this->received( 'POST', '/api/google/calendar/v3/calendars/primary/events' ), 'only the lost one' );
		$this->assertCount( 1, $this->received( 'PATCH', '/api/google/calendar/v3/calendars/primary/events/' ) );
		$this->assertSame( 'done', $this->job_status( $booking['id'] )['status'] );
	}

	public function test_an_existing_crm_contact_is_updated_not_duplicated(): void {
		$this->connect( 'hubspot', array( 'export' ) );
		$first  = syncwarden_push_booking( self::BOOKING );
		$second = syncwarden_push_booking( self::BOOKING ); // Same customer, another booking.

		$this->run_outbox();

		$this->assertCount( 2, $this->received( 'POST', '/api/hubspot/crm/v3/objects/contacts' ), 'the second create met a 409' );
		$this->assertCount( 1, $this->received( 'PATCH', '/api/hubspot/crm/v3/objects/contacts/' ) );
		$this->assertSame( array( 'done', 'done' ), array( $this->job_status( $first['id'] )['status'], $this->job_status( $second['id'] )['status'] ) );
	}

	public function test_a_revoked_grant_parks_the_job_and_retry_puts_it_back(): void {
		$connection = $this->connect( 'google', array( 'export' ) );
		Peer::fail_next( '/api/google/calendar/v3/calendars/primary/events', array( 'status' => 401, 'body' => '{"error":"invalid_token"}', 'times' => 2 ) );
		Peer::fail_next( '/token', array( 'status' => 400, 'body' => '{"error":"invalid_grant"}', 'times' => 1 ) );

		$booking = syncwarden_push_booking( self::BOOKING );
		$this->run_outbox();

		$this->assertSame( 'parked', $this->job_status( $booking['id'] )['status'] );
		$parked = $this->rest( 'GET', '/syncwarden/v1/outbox' )->get_data()['parked'];
		$this->assertSame( $booking['id'], $parked[0]['booking_id'] );
		$this->assertSame( 200, $this->rest( 'POST', "/syncwarden/v1/outbox/{$parked[0]['id']}/retry" )->get_status() );
		$this->assertSame( 'pending', $this->job_status( $booking['id'] )['status'] );
		$this->assertSame( 409, $this->rest( 'POST', "/syncwarden/v1/outbox/{$parked[0]['id']}/retry" )->get_status(), 'only parked jobs retry' );
		$this->assertSame( 'reconnect_needed', self::repository()->find( $connection['id'] )['status'] );
	}

	public function test_backoff_doubles_from_a_minute_and_caps_at_six_hours(): void {
		$this->assertGreaterThanOrEqual( 60, Outbox::backoff( 1 ) );
		$this->assertLessThanOrEqual( 72, Outbox::backoff( 1 ) );
		$this->assertGreaterThanOrEqual( 480, Outbox::backoff( 4 ) );
		$this->assertLessThanOrEqual( 6 * HOUR_IN_SECONDS * 1.2, Outbox::backoff( 30 ) );
		$total = 0;
		for ( $attempt = 1; $attempt < Outbox::MAX_ATTEMPTS; $attempt++ ) {
			$total += Outbox::backoff( $attempt );
		}
		$this->assertGreaterThan( DAY_IN_SECONDS, $total, 'a provider down for a day loses nothing' );
	}

	/** Creates an event at the peer as a lost first attempt would have. */
	/**
	 * An event in the Google calendar as SyncWarden's first attempt would have made it; with
	 * `$marker` as another installation sharing the calendar marks its own.
	 */
	private function create_event_at_peer( string $token, int $booking_id, ?string $marker = null ): void {
		$curl = curl_init( Peer::url() . '/api/google/calendar/v3/calendars/primary/events' );
		curl_setopt_array(
			$curl,
			array(
				CURLOPT_POST           => true,
				CURLOPT_RETURNTRANSFER => true,
				CURLOPT_CAINFO         => Peer::ca(),
				CURLOPT_HTTPHEADER     => array( 'Content-Type: application/json', 'Authorization: Bearer ' . $token ),
				CURLOPT_POSTFIELDS     => wp_json_encode(
					array(
						'summary'            => 'Booking',
						'start'              => array( 'dateTime' => '2026-12-01T09:30:00+01:00' ),
						'end'                => array( 'dateTime' => '2026-12-01T10:15:00+01:00' ),
						'extendedProperties' => array( 'private' => array( 'syncwarden_booking_id' => $marker ?? InstallId::scoped( $booking_id ) ) ),
					)
				),
			)
		);
		curl_exec( $curl );
		curl_close( $curl );
	}
}
