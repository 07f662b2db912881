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

	private static function table(): string {
		return Schema::table( 'counters' );
	}

	public function test_a_claim_holds_until_it_expires_or_is_released(): void {
		$counters = new Counters();

		$this->assertTrue( $counters->claim( 'once', 60 ) );
		$this->assertFalse( $counters->claim( 'once', 60 ) );
		$counters->release( 'once' );
		$this->assertTrue( $counters->claim( 'once', 60 ) );

		global $wpdb;
		$wpdb->query( 'UPDATE ' . self::table() . ' SET expires_at = 1' ); // Its expiry, long past.
		$this->assertTrue( $counters->claim( 'once', 60 ), 'an expired claim can be taken again' );
		$this->assertFalse( $counters->claim( 'once', 60 ) );
	}

	public function test_counters_live_in_their_own_table_with_hashed_keys_never_in_wp_options(): void {
		global $wpdb;
		$options  = (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$wpdb->options}" );
		$counters = new Counters();

		for ( $i = 0; $i < 50; $i++ ) {
			$counters->increment( "ip|198.51.100.$i", 60 );
		}

		$this->assertSame( $options, (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$wpdb->options}" ) );
		$this->assertSame( 50, (int) $wpdb->get_var( 'SELECT COUNT(*) FROM ' . self::table() ) );
		$this->assertStringNotContainsString( '198.51.100', implode( ',', $wpdb->get_col( 'SELECT name FROM ' . self::table() ) ) );
	}

	public function test_purge_deletes_exactly_the_expired_rows_in_sql_however_many_live_ones_there_are(): void {
		global $wpdb;
		self::fill( 6000, time() + 600 ); // More live rows than the old purge ever looked at.
		self::fill( 3, 1, 'expired' );
		$counters = new Counters();
		$counters->increment( 'live', 60 );

		$this->assertSame( 3, $counters->purge_expired() );
		$this->assertSame( 6001, (int) $wpdb->get_var( 'SELECT COUNT(*) FROM ' . self::table() ) );
		$this->assertSame( 1, $counters->value( 'live' ) );
	}

	public function test_an_expired_counter_reads_as_zero_and_starts_again(): void {
		global $wpdb;
		$counters = new Counters();
		$counters->increment( 'window', 60 );
		$counters->increment( 'window', 60 );
		$wpdb->query( 'UPDATE ' . self::table() . ' SET expires_at = 1' );

		$this->assertSame( 0, $counters->value( 'window' ) );
		$this->assertSame( 1, $counters->increment( 'window', 60 ) );
	}

	public function test_a_full_table_counts_new_keys_together_and_never_grows_past_its_bound(): void {
		global $wpdb;
		self::fill( Counters::MAX_ROWS, time() + 600 );
		$counters = new Counters();

		$seen = array();
		for ( $i = 0; $i < 30; $i++ ) {
			$seen[] = $counters->increment( "ip|2001:db8:$i::/64", 60 );
		}

		$this->assertSame( range( 1, 30 ), $seen, 'one shared overflow counter: the spread-out flood is limited as one sender' );
		$this->assertLessThanOrEqual( Counters::MAX_ROWS + 1, (int) $wpdb->get_var( 'SELECT COUNT(*) FROM ' . self::table() ) );
	}

	public function test_a_table_full_of_expired_rows_is_purged_to_make_room(): void {
		global $wpdb;
		self::fill( Counters::MAX_ROWS, 1 );
		$counters = new Counters();

		$this->assertSame( 1, $counters->increment( 'fresh', 60 ) );
		$this->assertSame( 2, $counters->increment( 'fresh', 60 ) );
		$this->assertSame( 1, (int) $wpdb->get_var( 'SELECT COUNT(*) FROM ' . self::table() ) );
	}

	/** Inserts `$rows` counter rows with one expiry, 500 per statement. */
	private static function fill( int $rows, int $expires_at, string $prefix = 'fill' ): void {
		global $wpdb;
		for ( $done = 0; $done < $rows; $done += 500 ) {
			$values = array();
			for ( $i = $done; $i < min( $rows, $done + 500 ); $i++ ) {
				$values[] = $wpdb->prepare( '(%s, 1, %d)', substr( hash( 'sha256', "$prefix$i" ), 0, 40 ), $expires_at );
			}
			$wpdb->query( 'INSERT INTO ' . self::table() . ' (name, value, expires_at) VALUES ' . implode( ',', $values ) );
		}
	}
}
