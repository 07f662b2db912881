<?php

namespace SyncWarden\Tests\Integration\Storage;

use SyncWarden\Storage\Counters;
use SyncWarden\Tests\TestCase;
use SyncWarden\Uninstaller;
use SyncWarden\Storage\Schema;

/**
 * The counters behind rate limits and replay detection hold across PHP processes: parallel
 * increments are never lost and a key is claimed exactly once.
 */
final class CountersTest extends TestCase {

	private bool $committed = false;

	protected function tearDown(): void {
		if ( $this->committed ) {
			Uninstaller::run(); // Removes the committed counter rows with everything else of ours.
			Schema::migrate();
			global $wpdb;
			$wpdb->query( 'START TRANSACTION' );
		}
		parent::tearDown();
	}

	/**
	 * Runs `$processes` PHP processes of tests/php/bin/counters.php at the same moment.
	 *
	 * @return array<int, array> What each process saw.
	 */
	private function in_parallel( int $processes, string $operation, string $key, int $times ): array {
		global $wpdb;
		$wpdb->query( 'COMMIT' );
		$this->committed = true;
		$start_at        = microtime( true ) + 1.5;
		$running         = array();
		$pipes           = array();
		for ( $n = 0; $n < $processes; $n++ ) {
			$running[ $n ] = proc_open(
				array( PHP_BINARY, dirname( __DIR__, 2 ) . '/bin/counters.php', $operation, $key, (string) $times, (string) $start_at ),
				array(
					1 => array( 'pipe', 'w' ),
					2 => array( 'pipe', 'w' ),
				),
				$pipes[ $n ]
			);
		}
		$results = array();
		foreach ( $running as $n => $process ) {
			$results[ $n ] = json_decode( (string) stream_get_contents( $pipes[ $n ][1] ), true );
			$errors        = stream_get_contents( $pipes[ $n ][2] );
			proc_close( $process );
			$this->assertIsArray( $results[ $n ], "process $n failed: $errors" );
		}
		return $results;
	}

	public function test_increments_from_parallel_processes_are_never_lost(): void {
		$results = $this->in_parallel( 4, 'increment', 'parallel-increments', 50 );

		$this->assertSame( 200, ( new Counters() )->value( 'parallel-increments' ) );
		foreach ( $results as $seen ) {
			$this->assertSame( $seen, array_values( array_unique( $seen ) ), 'each process saw its count grow' );
		}
	}

	public function test_a_key_is_claimed_by_exactly_one_of_several_processes(): void {
		$results = $this->in_parallel( 4, 'claim', 'parallel-claim', 1 );

		$this->assertSame( 1, count( array_filter( array_merge( ...$results ) ) ) );
	}

	public function test_a_claim_holds_until_it_expires_or_is_released(): void {
		$counters = new Counters();

		$this->assertTrue( $counters->claim( 'once', 60 ) );
		$this->assertFalse( $counters->claim( 'once', 60 ) );
		$counters->release( 'once' );
		$this->assertTrue( $counters->claim( 'once', 60 ) );

		global $wpdb;
		$wpdb->query( "UPDATE {$wpdb->options} SET option_value = '1' WHERE option_name LIKE '\_transient\_syncwarden\_c\_%'" ); // Its expiry, long past.
		$this->assertTrue( $counters->claim( 'once', 60 ), 'an expired claim can be taken again' );
		$this->assertFalse( $counters->claim( 'once', 60 ) );
	}

	public function test_keys_are_stored_hashed_and_expired_rows_are_purged(): void {
		$counters = new Counters();
		$counters->increment( 'ip|198.51.100.77', 60 );
		global $wpdb;
		$names = $wpdb->get_col( "SELECT option_name FROM {$wpdb->options} WHERE option_name LIKE '%syncwarden_c_%'" );

		$this->assertCount( 2, $names );
		$this->assertStringNotContainsString( '198.51.100.77', implode( ',', $names ) . implode( ',', (array) $wpdb->get_col( "SELECT option_value FROM {$wpdb->options} WHERE option_name LIKE '%syncwarden_c_%'" ) ) );
		$this->assertSame( 0, $counters->purge_expired() );
		$wpdb->query( "UPDATE {$wpdb->options} SET option_value = '1' WHERE option_name LIKE '_transient_timeout_syncwarden_c_%'" );
		$this->assertSame( 1, $counters->purge_expired() );
		$this->assertSame( '0', (string) $wpdb->get_var( "SELECT COUNT(*) FROM {$wpdb->options} WHERE option_name LIKE '%syncwarden_c_%'" ) );
	}
}
