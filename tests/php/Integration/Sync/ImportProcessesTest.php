<?php

namespace SyncWarden\Tests\Integration\Sync;

use SyncWarden\Storage\Schema;
use SyncWarden\Tests\SeededCalendarTestCase;
use SyncWarden\Tests\Peer;
use SyncWarden\Uninstaller;

/**
 * Real PHP processes against a 600-event calendar (three pages): one killed with SIGKILL in the
 * middle of a page, two WP-Cron runs started at the same moment. No booking is ever lost or
 * duplicated.
 */
final class ImportProcessesTest extends SeededCalendarTestCase {

	protected function setUp(): void {
		parent::setUp();
		global $wpdb;
		$wpdb->query( 'COMMIT' ); // The other processes must see the connection.
	}

	protected function tearDown(): void {
		// This test committed its data so the other processes could see it; remove it all.
		Uninstaller::run();
		Schema::migrate();
		global $wpdb;
		$wpdb->query( 'START TRANSACTION' );
		parent::tearDown();
	}

	/**
	 * Starts one process per entry (its kill count, 0 for none) at the same moment, waits for all.
	 *
	 * @param int[] $kill_after Per process.
	 * @return array<int, array{exit: int, output: string}>
	 */
	private function run_processes( array $kill_after ): array {
		$start_at  = microtime( true ) + 1.0;
		$processes = array();
		$pipes     = array();
		foreach ( $kill_after as $n => $kill ) {
			$processes[ $n ] = proc_open(
				array( PHP_BINARY, dirname( __DIR__, 3 ) . '/php/bin/sync-connection.php', (string) $this->connection_id, (string) $start_at, (string) $kill ),
				array( 1 => array( 'pipe', 'w' ), 2 => array( 'pipe', 'w' ) ),
				$pipes[ $n ]
			);
		}
		$results = array();
		foreach ( $processes as $n => $process ) {
			$output = stream_get_contents( $pipes[ $n ][1] ) . stream_get_contents( $pipes[ $n ][2] );
			$status = proc_close( $process );
			$results[ $n ] = array(
				'exit'   => $status,
				'output' => (string) $output,
			);
		}
		return $results;
	}

	/**
	 * List requests the peer received: full listings (no sync token) and incremental ones.
	 *
	 * @return array{full: int, incremental: int}
	 */
	private function list_requests(): array {
		$lists = array_filter( Peer::stats()['requests'], static fn( $r ) => str_starts_with( $r['path'], self::LIST_PATH ) );
		$full  = count( array_filter( $lists, static fn( $r ) => ! str_contains( $r['path'], 'syncToken=' ) ) );
		return array(
			'full'        => $full,
			'incremental' => count( $lists ) - $full,
		);
	}

	public function test_a_process_killed_mid_page_leaves_whole_pages_only_and_the_next_run_completes(): void {
		$killed = $this->run_processes( array( 300 ) ); // 50 bookings into page two.

		$this->assertNotSame( 0, $killed[0]['exit'], 'the process died: ' . $killed[0]['output'] );
		$this->assertStringNotContainsString( 'done', $killed[0]['output'] );
		$this->assertSame( 250, $this->imported(), 'page one committed, page two rolled back' );
		$this->assertCount( 250, $this->links() );
		$this->assertNull( $this->cursor() );

		// The dead process still "holds" the run lock until it expires; let it expire.
		global $wpdb;
		$wpdb->query( $wpdb->prepare( "UPDATE {$wpdb->options} SET option_value = %s WHERE option_name = %s", ( time() - 1 ) . ':dead', 'syncwarden_lock_import_' . $this->connection_id ) );
		$this->run_processes( array( 0 ) );

		$this->assert_all_imported_once();
		$this->assertNotNull( $this->cursor() );
	}

	public function test_two_cron_runs_at_once_import_everything_once_and_list_each_page_once(): void {
		$before = $this->list_requests();

		$results = $this->run_processes( array( 0, 0 ) );

		foreach ( $results as $n => $result ) {
			$this->assertSame( 0, $result['exit'], "process $n: {$result['output']}" );
		}
		$this->assert_all_imported_once();
		$after = $this->list_requests();
		// On a loaded machine the second process may only get going after the first has finished:
		// it then runs an incremental sync with the saved token. Either way no page is listed twice.
		$this->assertSame( $before['full'] + 3, $after['full'], 'the three pages of the full listing were requested once each' );
		$this->assertLessThanOrEqual( $before['incremental'] + 1, $after['incremental'], 'the other run found the lock taken, or only asked for changes since the first' );
		$this->assertNotNull( $this->cursor() );
	}
}
