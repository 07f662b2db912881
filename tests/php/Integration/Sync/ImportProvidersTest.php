<?php

namespace SyncWarden\Tests\Integration\Sync;

use SyncWarden\Tests\ImportTestCase;
use SyncWarden\Tests\Peer;

/**
 * Import from Outlook (Graph calendarView delta) and Calendly (scheduled events) against the
 * peer's seeded calendar, the same calendar Google serves: every event once, changes arrive,
 * repeats never duplicate.
 */
final class ImportProvidersTest extends ImportTestCase {

	public static function calendars(): array {
		return array(
			'Outlook (Graph delta)' => array( 'microsoft' ),
			'Calendly'              => array( 'calendly' ),
		);
	}

	/**
	 * @dataProvider calendars
	 */
	public function test_first_run_imports_each_live_event_once_and_a_repeat_changes_nothing( string $provider ): void {
		$this->start( $provider );

		$first    = $this->sync();
		$snapshot = wp_json_encode( $this->imported( $provider ) );
		$second   = $this->sync();

		$this->assertGreaterThan( 10, $first['created'] );
		$this->assertCount( $first['created'], $this->imported( $provider ) );
		foreach ( $this->imported( $provider ) as $booking ) {
			$this->assertGreaterThan( $booking['starts_at'], $booking['ends_at'], 'times were read, not defaulted' );
		}
		$this->assertGreaterThan( 10, count( array_unique( array_column( $this->imported( $provider ), 'starts_at' ) ) ) );
		$this->assertSame( array( 0, 0, 0 ), array( $second['created'], $second['updated'], $second['cancelled'] ) );
		$this->assertSame( $snapshot, wp_json_encode( $this->imported( $provider ) ), 'a repeat writes no booking' );
	}

	/**
	 * @dataProvider calendars
	 */
	public function test_reschedules_and_cancellations_arrive_on_the_next_run( string $provider ): void {
		$this->start( $provider );
		$this->sync();
		Peer::control( 'POST', '/calendar', array( 'action' => 'edit', 'count' => 3 ) );
		Peer::control( 'POST', '/calendar', array( 'action' => 'cancel', 'count' => 2 ) );

		$counts = $this->sync();

		$this->assertSame( 0, $counts['created'] );
		$this->assertSame( 3, $counts['updated'] );
		$this->assertSame( 2, $counts['cancelled'] );
		$this->assertCount( 2, array_filter( $this->imported( $provider ), static fn( $b ) => 'cancelled' === $b['status'] ) );
	}

	public function test_graph_later_runs_follow_the_delta_link_only(): void {
		$this->start( 'microsoft' );
		$first = $this->sync();
		$this->assertGreaterThan( 0, $first['pages'] );
		$before = count( $this->requests( '/api/microsoft/v1.0/me/calendarView/delta' ) );

		$this->sync();

		$requests = $this->requests( '/api/microsoft/v1.0/me/calendarView/delta' );
		$this->assertCount( $before + 1, $requests, 'one request when nothing changed' );
		$this->assertStringContainsString( '%24deltatoken=', str_replace( '$', '%24', end( $requests )['path'] ) );
	}

	public function test_graph_sync_state_not_found_restarts_the_delta_without_duplicates(): void {
		$this->start( 'microsoft' );
		$first = $this->sync();
		Peer::control( 'POST', '/calendar', array( 'action' => 'expire-sync-tokens' ) );

		$counts = $this->sync();

		$this->assertSame( 0, $counts['created'] );
		$this->assertSame( $first['created'], $counts['unchanged'] );
		$this->assertCount( $first['created'], $this->imported( 'microsoft' ) );
	}

	public function test_a_next_link_to_another_host_is_refused_and_the_token_is_not_sent(): void {
		$this->start( 'microsoft' );
		Peer::fail_next(
			'/api/microsoft/v1.0/me/calendarView/delta',
			array(
				'status'  => 200,
				'body'    => '{"value":[],"@odata.nextLink":"https://attacker.example/steal?x=1"}',
				'headers' => array( 'Content-Type' => 'application/json' ),
				'times'   => 1,
			)
		);

		$response = $this->rest( 'POST', "/syncwarden/v1/connections/{$this->connection_id}/sync" );

		$this->assertSame( 502, $response->get_status() );
		$this->assertStringContainsString( 'outside the provider', $response->get_data()['message'] );
		$this->assertNull( get_option( "syncwarden_import_cursor_{$this->connection_id}", null ) );
	}

	public function test_calendly_listing_is_scoped_to_the_connected_user(): void {
		$this->start( 'calendly' );

		$this->sync();

		$list = $this->requests( '/api/calendly/scheduled_events' );
		$this->assertNotEmpty( $list );
		$this->assertStringContainsString( 'user=' . rawurlencode( 'https://api.calendly.com/users/SANDBOX' ), $list[0]['path'] );
	}
}
