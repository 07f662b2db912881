<?php
/**
 * Webhook benchmark helper, run by tools/bench-webhooks.mjs through tools/wp/cli.php with the
 * sandbox mu-plugin pointing Calendly at the local peer and webhook deliveries at this site
 * (SYNCWARDEN_WEBHOOK_BASE). Prints JSON.
 *
 *   bench-webhooks connect <key>      saves <key> as the Calendly OAuth app's webhook signing
 *                                     key (Settings), then connects Calendly (import) for real:
 *                                     authorize URL, the peer's consent page, callback; the
 *                                     connection subscribes its webhook endpoint at the peer
 *                                     → {"connection_id", "state"}
 *   bench-webhooks count <id>         bookings linked to the connection → {"bookings"}
 *   bench-webhooks disconnect <id>    disconnects (the subscription is deleted at the peer)
 */

use SyncWarden\Tests\Peer;

// The PHP suite's peer client (headless consent); it needs no PHPUnit.
require_once dirname( __DIR__, 2 ) . '/tests/php/Peer.php';

/**
 * Stops with a message.
 *
 * @param string $message What went wrong.
 */
function syncwarden_bench_webhooks_fail( string $message ): never {
	fwrite( STDERR, "bench-webhooks: $message\n" );
	exit( 1 );
}

/**
 * A REST request through the real server as the current user.
 *
 * @param string $method HTTP method.
 * @param string $route  Route.
 * @param array  $params Query (GET) or body parameters.
 */
function syncwarden_bench_webhooks_rest( string $method, string $route, array $params = array() ): WP_REST_Response {
	$request = new WP_REST_Request( $method, $route );
	'GET' === $method ? $request->set_query_params( $params ) : $request->set_body_params( $params );
	return rest_do_request( $request );
}

$syncwarden_admins = get_users(
	array(
		'role'   => 'administrator',
		'number' => 1,
		'fields' => 'ID',
	)
);
if ( ! $syncwarden_admins ) {
	syncwarden_bench_webhooks_fail( 'the site has no administrator' );
}
$syncwarden_admin = (int) $syncwarden_admins[0];
wp_set_current_user( $syncwarden_admin );
[ $syncwarden_step, $syncwarden_id ] = $args + array( '', '0' );

switch ( $syncwarden_step ) {
	case 'connect':
		// As an administrator does (and OAuthTestCase::connect() in the PHP suite): Calendly signs
		// every delivery with the app's key, so without it each one would be refused.
		$syncwarden_key = syncwarden_bench_webhooks_rest( 'PUT', '/syncwarden/v1/providers/calendly/webhook-signing-key', array( 'signing_key' => (string) $syncwarden_id ) );
		if ( 200 !== $syncwarden_key->get_status() ) {
			syncwarden_bench_webhooks_fail( 'signing key: ' . wp_json_encode( $syncwarden_key->get_data() ) );
		}
		$syncwarden_authorize = syncwarden_bench_webhooks_rest( 'POST', '/syncwarden/v1/connections/calendly/authorize', array( 'features' => array( 'import' ) ) );
		if ( 200 !== $syncwarden_authorize->get_status() ) {
			syncwarden_bench_webhooks_fail( 'authorize: ' . wp_json_encode( $syncwarden_authorize->get_data() ) );
		}
		$syncwarden_query            = Peer::consent( $syncwarden_authorize->get_data()['authorize_url'] );
		$_COOKIE[ LOGGED_IN_COOKIE ] = wp_generate_auth_cookie( $syncwarden_admin, time() + HOUR_IN_SECONDS, 'logged_in' );
		wp_set_current_user( 0 );
		$syncwarden_landing = (string) ( syncwarden_bench_webhooks_rest( 'GET', '/syncwarden/v1/oauth/callback/calendly', $syncwarden_query )->get_headers()['Location'] ?? '' );
		if ( ! str_contains( $syncwarden_landing, 'syncwarden_result=connected' ) ) {
			syncwarden_bench_webhooks_fail( "callback did not connect: $syncwarden_landing" );
		}
		wp_set_current_user( $syncwarden_admin );
		$syncwarden_calendly = wp_list_filter( syncwarden_bench_webhooks_rest( 'GET', '/syncwarden/v1/connections' )->get_data(), array( 'provider' => 'calendly' ) );
		$syncwarden_id       = (int) max( wp_list_pluck( $syncwarden_calendly, 'id' ) );
		$syncwarden_push     = syncwarden_bench_webhooks_rest( 'GET', "/syncwarden/v1/connections/$syncwarden_id/push" )->get_data();
		echo wp_json_encode(
			array(
				'connection_id' => $syncwarden_id,
				'state'         => $syncwarden_push['state'],
				'endpoint_url'  => $syncwarden_push['endpoint_url'],
			)
		);
		break;
	case 'count':
		global $wpdb;
		echo wp_json_encode( array( 'bookings' => (int) $wpdb->get_var( $wpdb->prepare( "SELECT COUNT(*) FROM {$wpdb->prefix}syncwarden_booking_links WHERE connection_id = %d", (int) $syncwarden_id ) ) ) );
		break;
	case 'disconnect':
		echo wp_json_encode( syncwarden_bench_webhooks_rest( 'DELETE', '/syncwarden/v1/connections/' . (int) $syncwarden_id )->get_data() );
		break;
	default:
		syncwarden_bench_webhooks_fail( "unknown step: $syncwarden_step" );
}
