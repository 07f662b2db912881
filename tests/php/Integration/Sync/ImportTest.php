<?php

namespace SyncWarden\Tests\Integration\Sync;

use SyncWarden\Storage\BookingsRepository;
use SyncWarden\Tests\OAuthTestCase;
use SyncWarden\Tests\Peer;

/**
 * Incremental import from the peer's seeded Google calendar: pages to the end, sync token saved
 * only after the last page, only changes afterwards, 410 → full listing, never a duplicate.
 */
final class ImportTest extends OAuthTestCase {

	private int $connection_id;

	protected function setUp(): void {
		parent::setUp();
		$this->connection_id = $this->connect( 'google', array( 'import' ) )['id'];
	}

	private function sync(): array {
		$response = $this->rest( 'POST', "/syncwarden/v1/connections/{$this->connection_id}/sync" );
		$this->assertSame( 200, $response->get_status(), wp_json_encode( $response->get_data() ) );
		return $response->get_data();
	}

	private function imported(): array {
		return ( new BookingsRepository() )->query( array( 'source' => "google-{$this->connection_id}", 'per_page' => 100 ) )['items'];
	}

	private function list_requests(): array {
		return array_values( array_filter( Peer::stats()['requests'], static fn( $r ) => 'GET' === $r['method'] && str_starts_with( $r['path'], '/api/google/calendar/v3/calendars/primary/events' ) ) );
	}

	public function test_first_run_imports_every_event_once_with_markup_kept_as_text(): void {
		$counts = $this->sync();

		$this->assertGreaterThan( 10, $counts['created'] );
		$this->assertCount( $counts['created'], $this->imported() );
		$titles = array_column( $this->imported(), 'title' );
		$this->assertNotEmpty( array_filter( $titles, static fn( $t ) => str_contains( $t, '<b>' ) ), 'HTML arrives as text; React escapes it on output' );
		$this->assertNotNull( get_option( "syncwarden_import_cursor_{$this->connection_id}", null ) );
	}

	public function test_a_second_run_without_changes_is_one_request_and_no_writes(): void {
		$this->sync();
		$before   = count( $this->list_requests() );
		$snapshot = wp_json_encode( $this->imported() );

		$counts = $this->sync();

		$this->assertSame( array( 0, 0, 0 ), array( $counts['created'], $counts['updated'], $counts['cancelled'] ) );
		$requests = $this->list_requests();
		$this->assertSame( $before + 1, count( $requests ) );
		$this->assertStringContainsString( 'syncToken=', end( $requests )['path'] );
		$this->assertSame( $snapshot, wp_json_encode( $this->imported() ) );
	}

	public function test_edits_and_cancellations_arrive_incrementally(): void {
		$this->sync();
		Peer::control( 'POST', '/calendar', array( 'action' => 'edit', 'count' => 3 ) );
		Peer::control( 'POST', '/calendar', array( 'action' => 'cancel', 'count' => 2 ) );

		$counts = $this->sync();

		$this->assertSame( 0, $counts['created'] );
		$this->assertSame( 2, $counts['cancelled'] );
		$this->assertGreaterThanOrEqual( 1, $counts['updated'] );
		$this->assertCount( 2, array_filter( $this->imported(), static fn( $b ) => 'cancelled' === $b['status'] ) );
	}

	public function test_an_expired_sync_token_means_a_full_listing_without_duplicates(): void {
		$first = $this->sync();
		Peer::control( 'POST', '/calendar', array( 'action' => 'expire-sync-tokens' ) );

		$counts = $this->sync();

		$this->assertSame( 0, $counts['created'] );
		$this->assertSame( $first['created'], $counts['unchanged'] );
		$this->assertCount( $first['created'], $this->imported() );
	}

	public function test_a_malformed_page_aborts_the_run_and_keeps_the_old_cursor(): void {
		$this->sync();
		$cursor = get_option( "syncwarden_import_cursor_{$this->connection_id}" );
		Peer::control( 'POST', '/calendar', array( 'action' => 'add', 'count' => 2 ) );
		Peer::fail_next( '/api/google/calendar/v3/calendars/primary/events', array( 'status' => 200, 'body' => '{"items":[{"summary":"no id"}]}', 'headers' => array( 'Content-Type' => 'application/json' ), 'times' => 1 ) );

		$response = $this->rest( 'POST', "/syncwarden/v1/connections/{$this->connection_id}/sync" );

		$this->assertSame( 502, $response->get_status() );
		$this->assertSame( $cursor, get_option( "syncwarden_import_cursor_{$this->connection_id}" ) );
		$this->assertSame( 2, $this->sync()['created'], 'the next run picks the changes up' );
	}

	public function test_imported_bookings_are_never_exported_back_to_their_calendar(): void {
		$this->sync();

		global $wpdb;
		$this->assertSame( '0', (string) $wpdb->get_var( "SELECT COUNT(*) FROM {$wpdb->prefix}syncwarden_outbox" ) );
	}
}
