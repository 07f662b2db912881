<?php

namespace SyncWarden\Tests\Integration\Sync;

use SyncWarden\Tests\Peer;
use SyncWarden\Tests\SeededCalendarTestCase;

/**
 * A 600-event Google calendar (three pages of 250): a run that reaches its page limit keeps its
 * place and the next run goes on from it, shown as unfinished until then; a full listing after
 * a lost cursor cancels what was deleted in the gap, but only once the whole listing is in.
 */
final class ImportResumeTest extends SeededCalendarTestCase {

	private int $max_pages = 0;

	protected function setUp(): void {
		parent::setUp();
		add_filter( 'syncwarden_import_max_pages', array( $this, 'max_pages' ) );
	}

	protected function tearDown(): void {
		remove_filter( 'syncwarden_import_max_pages', array( $this, 'max_pages' ) );
		remove_all_filters( 'syncwarden_import_window' );
		parent::tearDown();
	}

	public function max_pages( int $pages ): int {
		return $this->max_pages ?: $pages;
	}

	private function sync(): array {
		$response = $this->rest( 'POST', "/syncwarden/v1/connections/{$this->connection_id}/sync" );
		$this->assertSame( 200, $response->get_status(), wp_json_encode( $response->get_data() ) );
		return $response->get_data();
	}

	private function last_run(): array {
		wp_cache_flush();
		return get_option( "syncwarden_sync_state_{$this->connection_id}" );
	}

	private function list_requests(): array {
		return array_values( array_filter( Peer::stats()['requests'], fn( $r ) => 'GET' === $r['method'] && str_starts_with( $r['path'], self::LIST_PATH ) && str_contains( $r['path'], 'singleEvents=' ) ) );
	}

	private function statuses(): array {
		global $wpdb;
		$counts = array_count_values( $wpdb->get_col( $wpdb->prepare( "SELECT status FROM {$wpdb->prefix}syncwarden_bookings WHERE source = %s", "google-{$this->connection_id}" ) ) );
		ksort( $counts );
		return $counts;
	}

	public function test_a_run_that_reaches_the_page_limit_resumes_where_it_stopped_and_says_it_is_unfinished(): void {
		$this->max_pages = 1;

		$first = $this->sync();

		$this->assertSame( 1, $first['pages'] );
		$this->assertFalse( $first['complete'] );
		$this->assertSame( 'incomplete', $this->last_run()['result'] );
		$this->assertStringContainsString( 'next run goes on', $this->last_run()['error'] );
		$this->assertNull( $this->cursor(), 'no cursor before the listing is complete' );

		$second = $this->sync();
		$requests = $this->list_requests();
		$this->assertStringContainsString( 'pageToken=', end( $requests )['path'], 'the second run asks for page two, not page one again' );
		$third = $this->sync();

		$this->assertSame( array( 250, 250, 100 ), array( $first['created'], $second['created'], $third['created'] ) );
		$this->assertTrue( $third['complete'] );
		$this->assertSame( 'ok', $this->last_run()['result'] );
		$this->assertNotNull( $this->cursor() );
		$this->assertCount( 3, $this->list_requests(), 'three pages in all: none listed twice' );
		$this->assert_all_imported_once();
	}

	public function test_events_deleted_while_the_cursor_was_lost_are_cancelled_by_the_full_listing(): void {
		$this->sync();
		Peer::control( 'POST', '/calendar', array( 'action' => 'cancel', 'count' => 3 ) );
		Peer::control( 'POST', '/calendar', array( 'action' => 'expire-sync-tokens' ) );

		$counts = $this->sync();

		$this->assertSame( 3, $counts['cancelled'] );
		$this->assertSame( array( 'cancelled' => 3, 'confirmed' => self::EVENTS - 3 ), $this->statuses() );
		$this->assertNotNull( $this->cursor() );
		$this->assertSame( 0, $this->sync()['cancelled'], 'nothing more on the next run' );
	}

	public function test_a_partial_full_listing_cancels_nothing_until_it_is_complete(): void {
		$this->sync();
		Peer::control( 'POST', '/calendar', array( 'action' => 'cancel', 'count' => 3 ) );
		Peer::control( 'POST', '/calendar', array( 'action' => 'expire-sync-tokens' ) );
		$this->max_pages = 1;

		$partial = array( $this->sync(), $this->sync() );

		$this->assertSame( array( 0, 0 ), array_column( $partial, 'cancelled' ) );
		$this->assertSame( array( 'confirmed' => self::EVENTS ), $this->statuses() );
		$this->assertSame( 3, $this->sync()['cancelled'], 'the run that completes the listing cancels them' );
	}

	public function test_bookings_outside_the_listed_window_are_never_cancelled_by_a_full_listing(): void {
		$this->sync();
		// The next full listing covers one day back and two ahead: most bookings lie beyond it.
		add_filter( 'syncwarden_import_window', static fn() => array( 'past_days' => 1, 'future_days' => 2 ) );
		Peer::control( 'POST', '/calendar', array( 'action' => 'expire-sync-tokens' ) );

		$counts = $this->sync();

		$this->assertSame( 0, $counts['cancelled'] );
		$this->assertLessThan( self::EVENTS, $counts['unchanged'], 'the listing was bounded by the window' );
		$this->assertSame( array( 'confirmed' => self::EVENTS ), $this->statuses() );
	}
}
