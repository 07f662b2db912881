<?php
/**
 * A second (and third) PHP process for the concurrency test: boots the same site, waits for a
 * shared start time, then runs "Test connection" as the given administrator — which refreshes
 * the expired token. Prints the REST response as JSON.
 *
 * Usage: php test-connection.php <user-id> <connection-id> <start-at-microtime>
 */
[ , $user_id, $connection_id, $start_at ] = $argv;
$_SERVER['HTTP_HOST']   = '127.0.0.1:8888';
$_SERVER['REQUEST_URI'] = '/';
require dirname( __DIR__ ) . '/test-config.php';
require getenv( 'SYNCWARDEN_WP_CORE' ) . '/wp-load.php';

wp_set_current_user( (int) $user_id );
while ( microtime( true ) < (float) $start_at ) {
	usleep( 1000 );
}
$response = rest_do_request( new WP_REST_Request( 'POST', "/syncwarden/v1/connections/$connection_id/test" ) );
echo wp_json_encode( $response->get_data() );
