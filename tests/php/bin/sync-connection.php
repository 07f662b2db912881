<?php
/**
 * Another PHP process for the import concurrency tests: boots the same site, waits for a shared
 * start time, then fires the connection's WP-Cron sync event as WP-Cron would. With a kill
 * count it SIGKILLs itself once that many bookings were saved — a crash between pages, with no
 * shutdown handler, `finally` or lock release running.
 *
 * Usage: php sync-connection.php <connection-id> <start-at-microtime> [<kill-after-bookings>]
 */
[ , $connection_id, $start_at ] = $argv;
$kill_after                     = (int) ( $argv[3] ?? 0 );
$_SERVER['HTTP_HOST']           = '127.0.0.1:8888';
$_SERVER['REQUEST_URI']         = '/';
require dirname( __DIR__ ) . '/test-config.php';
require getenv( 'SYNCWARDEN_WP_CORE' ) . '/wp-load.php';

if ( $kill_after > 0 ) {
	add_action(
		'syncwarden_booking_saved',
		static function () use ( $kill_after ): void {
			static $saved = 0;
			if ( ++$saved >= $kill_after ) {
				posix_kill( getmypid(), SIGKILL );
			}
		}
	);
}
while ( microtime( true ) < (float) $start_at ) {
	usleep( 1000 );
}
do_action( 'syncwarden_sync_connection', (int) $connection_id );
echo 'done';
