<?php

namespace SyncWarden\Tests\Integration\Sync;

use SyncWarden\Tests\SeededCalendarTestCase;
use SyncWarden\Tests\Peer;

/**
 * The fault matrix: a 600-event calendar (three pages of 250) and a fault on the second page.
 * Whatever happens, after the provider heals no booking is lost or duplicated, the sync cursor
 * only moves after a complete run, and the failure counter and notices say what happened.
 */
final class ImportFaultsTest extends SeededCalendarTestCase {

	protected function tearDown(): void {
		remove_filter( 'http_request_args', array( $this, 'short_timeout' ) );
		parent::tearDown();
	}

	/**
	 * The real limit is 15 s; the fault is the same with 1 s, the test faster.
	 *
	 * @param array $args Request arguments.
	 */
	public function short_timeout( array $args ): array {
		$args['timeout'] = 1;
		return $args;
	}

	private function sync(): \WP_REST_Response {
		return $this->rest( 'POST', "/syncwarden/v1/connections/{$this->connection_id}/sync" );
	}

	private function connection(): array {
		return self::repository()->find( $this->connection_id );
	}

	private function notices(): string {
		wp_set_current_user( $this->admin_id );
		set_current_screen( 'dashboard' );
		ob_start();
		do_action( 'admin_notices' );
		return (string) ob_get_clean();
	}

	/**
	 * Faults on page two: what the peer answers, and the error kind recorded. The HTTP client
	 * retries 5xx answers twice, so those are queued three times to fail the run; transport
	 * failures (dropped, timed out) are not retried within a run.
	 */
	public static function transient_faults(): array {
		$json = array( 'Content-Type' => 'application/json' );
		return array(
			'500'                      => array( array( 'status' => 500, 'body' => '{"error":{"code":500}}', 'headers' => $json, 'times' => 3 ), 'transient' ),
			'malformed JSON'           => array( array( 'status' => 200, 'body' => '{"items":[{"id":"x"', 'headers' => $json ), 'invalid_response' ),
			'one schema-invalid item'  => array( array( 'status' => 200, 'body' => '{"items":[{"id":"ok1"},{"summary":"no id"}],"nextPageToken":"x"}', 'headers' => $json ), 'invalid_response' ),
			'connection dropped'       => array( array( 'drop' => true ), 'transient' ),
			'429 beyond the wait limit' => array( array( 'status' => 429, 'body' => '{}', 'headers' => array( 'Retry-After' => '120' ) + $json ), 'transient' ),
		);
	}

	/**
	 * @dataProvider transient_faults
	 */
	public function test_a_fault_on_page_two_keeps_the_cursor_counts_once_and_the_next_run_completes( array $fault, string $kind ): void {
		Peer::fail_next( self::LIST_PATH, array( 'after' => 1 ) + $fault );

		$failed = $this->sync();

		$this->assertSame( 502, $failed->get_status() );
		$this->assertNull( $this->cursor(), 'the cursor moves only after a complete run' );
		$this->assertSame( 1, $this->connection()['consecutive_failures'] );
		$this->assertSame( $kind, $this->connection()['last_error_kind'] );
		$this->assertSame( 'connected', $this->connection()['status'], 'a transient fault never disconnects' );

		$healed = $this->sync();

		$this->assertSame( 200, $healed->get_status() );
		$this->assertSame( self::EVENTS - 250, $healed->get_data()['created'], 'page one was applied once, the faulted page nothing' );
		$this->assert_all_imported_once();
		$this->assertNotNull( $this->cursor() );
		$this->assertSame( 0, $this->connection()['consecutive_failures'] );
	}

	public function test_a_timeout_mid_run_fails_the_run_and_loses_nothing(): void {
		add_filter( 'http_request_args', array( $this, 'short_timeout' ) );
		Peer::fail_next( self::LIST_PATH, array( 'after' => 1, 'delayMs' => 2500 ) );

		$this->assertSame( 502, $this->sync()->get_status() );
		$this->assertSame( 'transient', $this->connection()['last_error_kind'] );
		$this->assertNull( $this->cursor() );

		remove_filter( 'http_request_args', array( $this, 'short_timeout' ) );
		usleep( 1600000 ); // Let the peer finish the slow answer nobody reads.
		$this->assertSame( 200, $this->sync()->get_status() );
		$this->assert_all_imported_once();
	}

	public function test_a_short_429_is_waited_out_and_the_run_completes_in_one_go(): void {
		Peer::fail_next( self::LIST_PATH, array( 'after' => 1, 'status' => 429, 'body' => '{}', 'headers' => array( 'Retry-After' => '1' ) ) );

		$response = $this->sync();

		$this->assertSame( 200, $response->get_status() );
		$this->assertSame( self::EVENTS, $response->get_data()['created'] );
		$this->assertSame( 0, $this->connection()['consecutive_failures'] );
		$this->assert_all_imported_once();
	}

	public function test_a_401_mid_run_refreshes_once_and_continues(): void {
		$tokens_before = Peer::stats()['token'];
		Peer::fail_next( self::LIST_PATH, array( 'after' => 1, 'status' => 401, 'body' => '{"error":{"code":401,"message":"Invalid Credentials"}}', 'headers' => array( 'Content-Type' => 'application/json' ) ) );

		$response = $this->sync();

		$this->assertSame( 200, $response->get_status() );
		$this->assertSame( self::EVENTS, $response->get_data()['created'] );
		$this->assertSame( $tokens_before + 1, Peer::stats()['token'], 'one refresh' );
		$this->assert_all_imported_once();
		$this->assertNotNull( $this->cursor() );
	}

	public function test_invalid_grant_mid_run_needs_reconnecting_at_once_and_keeps_what_was_imported(): void {
		Peer::fail_next( self::LIST_PATH, array( 'after' => 1, 'status' => 401, 'body' => '{}', 'headers' => array( 'Content-Type' => 'application/json' ) ) );
		Peer::fail_next( '/token', array( 'status' => 400, 'body' => '{"error":"invalid_grant","error_description":"grant request is invalid"}', 'headers' => array( 'Content-Type' => 'application/json' ) ) );

		$response = $this->sync();

		$this->assertSame( 502, $response->get_status() );
		$this->assertSame( 'reconnect_needed', $this->connection()['status'] );
		$this->assertNull( $this->cursor() );
		$this->assertSame( 250, $this->imported(), 'page one stays applied' );
		$this->assertStringContainsString( 'syncwarden-connection-notice', $this->notices(), 'no threshold for a revoked grant' );
	}

	public function test_three_failed_runs_raise_the_notice_and_one_good_run_clears_it(): void {
		foreach ( range( 1, 3 ) as $run ) {
			Peer::fail_next( self::LIST_PATH, array( 'status' => 503, 'body' => '{}', 'times' => 3 ) );
			$this->assertSame( 502, $this->sync()->get_status() );
			if ( $run < 3 ) {
				$this->assertStringNotContainsString( 'syncwarden-connection-notice', $this->notices() );
			}
		}

		$this->assertStringContainsString( 'failed 3 times in a row', $this->notices() );

		$this->assertSame( 200, $this->sync()->get_status() );
		$this->assertStringNotContainsString( 'syncwarden-connection-notice', $this->notices() );
		$this->assert_all_imported_once();
	}
}
