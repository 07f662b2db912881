<?php

namespace SyncWarden\Tests\Integration\OAuth;

use SyncWarden\Storage\Schema;
use SyncWarden\Tests\OAuthTestCase;
use SyncWarden\Tests\Peer;
use SyncWarden\Uninstaller;

/**
 * Two PHP processes find the same expired token at the same moment. With rotating refresh tokens
 * a second refresh would present a used token and kill the grant; the lock must make exactly one
 * process refresh while the other uses its result.
 */
final class ConcurrentRefreshTest extends OAuthTestCase {

	protected function tearDown(): void {
		// This test committed its data so the other processes could see it; remove it all.
		Uninstaller::run();
		Schema::migrate();
		global $wpdb;
		$wpdb->query( 'START TRANSACTION' );
		parent::tearDown();
	}

	public function test_two_processes_refreshing_at_once_hit_the_token_endpoint_exactly_once(): void {
		global $wpdb;
		$connection = $this->connect( 'calendly' );
		self::expire_access_token( $connection['id'] );
		$wpdb->query( 'COMMIT' );
		$tokens_before = Peer::stats()['token'];

		$start_at  = microtime( true ) + 1.5;
		$processes = array();
		foreach ( array( 1, 2 ) as $n ) {
			$processes[ $n ] = proc_open(
				array( PHP_BINARY, dirname( __DIR__, 2 ) . '/bin/test-connection.php', (string) $this->admin_id, (string) $connection['id'], (string) $start_at ),
				array( 1 => array( 'pipe', 'w' ), 2 => array( 'pipe', 'w' ) ),
				$pipes[ $n ]
			);
		}
		$results = array();
		foreach ( $processes as $n => $process ) {
			$results[ $n ] = json_decode( (string) stream_get_contents( $pipes[ $n ][1] ), true );
			$errors        = stream_get_contents( $pipes[ $n ][2] );
			proc_close( $process );
			$this->assertIsArray( $results[ $n ], "process $n failed: $errors" );
		}

		$this->assertSame( $tokens_before + 1, Peer::stats()['token'], 'exactly one refresh reached the provider' );
		$this->assertTrue( $results[1]['ok'], $results[1]['message'] );
		$this->assertTrue( $results[2]['ok'], $results[2]['message'] );
		$this->assertSame( 'connected', $this->connections()[0]['status'] );
	}
}
