<?php
/**
 * A separate PHP process for the counter concurrency test: boots the same site, waits for a
 * shared start time, then increments a counter `n` times (or tries to claim a key once) and
 * prints what it saw as JSON.
 *
 * Usage: php counters.php increment|claim <key> <n> <start-at-microtime>
 */
[ , $operation, $key, $times, $start_at ] = $argv;
$_SERVER['HTTP_HOST']   = '127.0.0.1:8888';
$_SERVER['REQUEST_URI'] = '/';
require dirname( __DIR__ ) . '/test-config.php';
require getenv( 'SYNCWARDEN_WP_CORE' ) . '/wp-load.php';

$counters = new SyncWarden\Storage\Counters();
while ( microtime( true ) < (float) $start_at ) {
	usleep( 500 );
}
$seen = array();
for ( $i = 0; $i < (int) $times; $i++ ) {
	$seen[] = 'claim' === $operation ? $counters->claim( $key, 60 ) : $counters->increment( $key, 60 );
}
echo wp_json_encode( $seen );
