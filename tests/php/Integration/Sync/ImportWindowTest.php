<?php

namespace SyncWarden\Tests\Integration\Sync;

use SyncWarden\Storage\BookingsRepository;
use SyncWarden\Tests\ImportTestCase;
use SyncWarden\Tests\Peer;

/**
 * What a first sync lists and how the window moves, against the peer's real-sized events
 * (Graph events with their whole HTML body, Google events with descriptions and attendees).
 */
final class ImportWindowTest extends ImportTestCase {

	protected function tearDown(): void {
		remove_all_filters( 'syncwarden_import_window' );
		parent::tearDown();
	}

	private function option( string $name ) {
		wp_cache_flush();
		return get_option( "syncwarden_import_{$name}_{$this->connection_id}", null );
	}

	public function test_an_outlook_first_sync_of_600_real_sized_events_completes(): void {
		Peer::control( 'POST', '/calendar', array( 'action' => 'seed', 'count' => 600 ) );
		$this->start( 'microsoft' );

		$counts = $this->sync();

		$this->assertSame( 600, $counts['created'] );
		$this->assertTrue( $counts['complete'] );
		$this->assertNotNull( $this->option( 'cursor' ), 'the delta link is saved' );
		$this->assertSame( 0, $this->sync()['created'], 'the next run follows the delta link' );
	}

	public function test_a_google_first_sync_lists_the_window_only_and_only_default_events(): void {
		$this->start( 'google' );
		add_filter( 'syncwarden_import_window', static fn() => array( 'past_days' => 1, 'future_days' => 5 ) );

		$this->sync();
		$this->sync();

		$requests = $this->requests( '/api/google/calendar/v3/calendars/primary/events' );
		parse_str( (string) wp_parse_url( $requests[0]['path'], PHP_URL_QUERY ), $first );
		parse_str( (string) wp_parse_url( end( $requests )['path'], PHP_URL_QUERY ), $next );
		$this->assertSame( array( 'true', 'default' ), array( $first['singleEvents'], $first['eventTypes'] ) );
		$this->assertEqualsWithDelta( time() - DAY_IN_SECONDS, strtotime( $first['timeMin'] ), 60 );
		$this->assertEqualsWithDelta( time() + 5 * DAY_IN_SECONDS, strtotime( $first['timeMax'] ), 60 );
		$this->assertArrayHasKey( 'syncToken', $next );
		$this->assertArrayNotHasKey( 'timeMin', $next, 'Google answers 400 to a sync token with a window' );
		$this->assertSame( array( 'true', 'default' ), array( $next['singleEvents'], $next['eventTypes'] ), 'the rest as in the listing that gave the token' );
		$imported = $this->imported( 'google' );
		$this->assertNotEmpty( $imported );
		$this->assertLessThan( time() + 5 * DAY_IN_SECONDS, max( array_column( $imported, 'starts_at' ) ) );
		$this->assertEmpty( array_intersect( array( 'Birthday', 'Home' ), array_column( $imported, 'title' ) ), 'birthdays and working locations are no bookings' );
	}

	public function test_a_calendly_listing_sends_both_bounds_of_the_default_window(): void {
		$this->start( 'calendly' );

		$this->sync();

		$query = $this->calendly_query( 0 );
		$this->assertEqualsWithDelta( time() - 30 * DAY_IN_SECONDS, strtotime( $query['min_start_time'] ), 60, 'a month back, not a day' );
		$this->assertEqualsWithDelta( time() + 365 * DAY_IN_SECONDS, strtotime( $query['max_start_time'] ), 60, 'a year ahead, not the end of time' );
		$this->assertMatchesRegularExpression( '/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/', $query['max_start_time'], 'UTC, as Calendly requires' );
	}

	public function test_a_calendly_listing_keeps_its_window_on_every_page_and_imports_only_what_starts_inside(): void {
		$this->start( 'calendly' );
		add_filter( 'syncwarden_import_window', static fn() => array( 'past_days' => 1, 'future_days' => 5 ) );
		// 500 events over three weeks: about 120 in the window, so two pages of 100.
		Peer::control( 'POST', '/calendar', array( 'action' => 'seed', 'count' => 500 ) );

		$counts = $this->sync();

		$requests = $this->requests( '/api/calendly/scheduled_events' );
		$this->assertGreaterThan( 1, count( $requests ), 'more than one page' );
		$first = $this->calendly_query( 0 );
		$last  = $this->calendly_query( count( $requests ) - 1 );
		$this->assertEqualsWithDelta( time() + 5 * DAY_IN_SECONDS, strtotime( $first['max_start_time'] ), 60 );
		$this->assertArrayHasKey( 'page_token', $last );
		$this->assertSame( array( $first['min_start_time'], $first['max_start_time'] ), array( $last['min_start_time'], $last['max_start_time'] ), 'the same bounds with the page token' );
		$this->assertTrue( $counts['complete'] );
		$imported = ( new BookingsRepository() )->query( array( 'source' => "calendly-{$this->connection_id}", 'per_page' => 500 ) )['items'];
		$this->assertSame( $counts['created'], count( $imported ) );
		$this->assertGreaterThan( 100, count( $imported ) );
		$this->assertLessThan( 500, count( $imported ), 'the seeded calendar runs past the window' );
		$this->assertLessThan( time() + 5 * DAY_IN_SECONDS, max( array_column( $imported, 'starts_at' ) ) );
	}

	private function calendly_query( int $index ): array {
		$requests = $this->requests( '/api/calendly/scheduled_events' );
		parse_str( (string) wp_parse_url( $requests[ $index ]['path'], PHP_URL_QUERY ), $query );
		return $query;
	}

	public function test_the_outlook_window_moves_forward_with_a_new_listing_and_keeps_the_old_cursor_until_it_is_complete(): void {
		$this->start( 'microsoft' );
		$first = $this->sync();
		$delta = $this->option( 'cursor' );
		// A week and a day later: the saved window is that much behind the current one.
		$window = $this->option( 'window' );
		update_option( "syncwarden_import_window_{$this->connection_id}", array( 'start' => $window['start'] - 8 * DAY_IN_SECONDS, 'end' => $window['end'] - 8 * DAY_IN_SECONDS ), false );
		Peer::fail_next( '/api/microsoft/v1.0/me/calendarView/delta', array( 'status' => 503, 'body' => '{"error":{"code":"ServiceUnavailable","message":"busy"}}', 'times' => 3 ) );

		$failed = $this->rest( 'POST', "/syncwarden/v1/connections/{$this->connection_id}/sync" );
		$this->assertSame( $delta, $this->option( 'cursor' ), 'a failed new listing keeps the old delta link' );
		$counts = $this->sync();

		$this->assertNotSame( 200, $failed->get_status() );
		$last = $this->requests( '/api/microsoft/v1.0/me/calendarView/delta' );
		$this->assertStringContainsString( 'startDateTime=', end( $last )['path'], 'a new round of the current window, not the old delta link' );
		$this->assertNotSame( $delta, $this->option( 'cursor' ) );
		$this->assertEqualsWithDelta( time() - 30 * DAY_IN_SECONDS, $this->option( 'window' )['start'], 60 );
		$this->assertSame( array( 0, 0, $first['created'] ), array( $counts['created'], $counts['cancelled'], $counts['unchanged'] ) );
	}

	/**
	 * Syncs Outlook, then has the next delta page report the first imported event as removed.
	 *
	 * @return array{0: array, 1: string} The booking and its event id.
	 */
	private function outlook_removal_next(): array {
		$this->start( 'microsoft' );
		$this->sync();
		$booking = $this->imported( 'microsoft' )[0];
		global $wpdb;
		$event = $wpdb->get_var( $wpdb->prepare( "SELECT external_id FROM {$wpdb->prefix}syncwarden_booking_links WHERE booking_id = %d", $booking['id'] ) );
		// Graph's word for an event that moved out of the window is the same as for a deletion.
		Peer::fail_next(
			'/api/microsoft/v1.0/me/calendarView/delta',
			array(
				'status'  => 200,
				'body'    => wp_json_encode(
					array(
						'value'            => array(
							array(
								'@odata.type' => '#microsoft.graph.event',
								'id'          => $event,
								'@removed'    => array( 'reason' => 'deleted' ),
							),
						),
						'@odata.deltaLink' => $this->option( 'cursor' ),
					)
				),
				'headers' => array( 'Content-Type' => 'application/json' ),
				'times'   => 1,
			)
		);
		return array( $booking, (string) $event );
	}

	public function test_an_outlook_removal_of_an_event_that_still_exists_does_not_cancel_its_booking(): void {
		[ $booking ] = $this->outlook_removal_next();

		$counts = $this->sync();

		$this->assertSame( 0, $counts['cancelled'] );
		$this->assertSame( 'confirmed', ( new BookingsRepository() )->find( $booking['id'] )['status'] );
		$asked = $this->requests( '/api/microsoft/v1.0/me/events/' );
		$this->assertNotEmpty( $asked, 'the event itself was asked' );
		$this->assertStringEndsWith( '?$select=id,isCancelled', rawurldecode( $asked[0]['path'] ), 'only what the check reads, never the whole HTML body' );
		Peer::control( 'POST', '/calendar', array( 'action' => 'cancel', 'count' => 1 ) );
		$this->assertSame( 1, $this->sync()['cancelled'], 'a real deletion still cancels' );
	}

	public function test_a_removal_check_answered_404_for_the_mailbox_not_the_event_cancels_nothing(): void {
		[ $booking, $event ] = $this->outlook_removal_next();
		Peer::fail_next(
			'/api/microsoft/v1.0/me/events/' . rawurlencode( $event ),
			array(
				'status'  => 404,
				'body'    => (string) file_get_contents( dirname( __DIR__, 3 ) . '/fixtures/providers/microsoft/mailbox-not-enabled-for-rest-api.json' ),
				'headers' => array( 'Content-Type' => 'application/json' ),
				'times'   => 1,
			)
		);

		$response = $this->rest( 'POST', "/syncwarden/v1/connections/{$this->connection_id}/sync" );

		$this->assertNotSame( 200, $response->get_status(), 'the run stops instead of reading the 404 as a deletion' );
		$this->assertSame( 'confirmed', ( new BookingsRepository() )->find( $booking['id'] )['status'] );
	}
}
