<?php
/**
 * Cost of a booking-plugin hook inside the host plugin's request, run by `npm run bench`
 * (tools/bench.mjs) inside a real WordPress. Booking Calendar's tables are created empty with the
 * columns the source reads (no plugin code involved); each measured call is one
 * `wpbc_track_new_booking` for a new booking (source read, booking insert, source link, audit,
 * one outbox job for one export connection) and one repeated hook for the same booking (read,
 * nothing to write). Prints JSON with medians and p90 in milliseconds.
 */

use SyncWarden\Plugin;
use SyncWarden\Storage\ConnectionsRepository;
use SyncWarden\Storage\KeyRing;
use SyncWarden\Storage\Vault;

global $wpdb;
$wpdb->query( "CREATE TABLE IF NOT EXISTS {$wpdb->prefix}booking ( booking_id bigint(20) unsigned NOT NULL auto_increment, booking_type bigint(10) NOT NULL default 1, form TEXT, sync_gid varchar(200) NOT NULL default '', trash bigint(10) NOT NULL default 0, PRIMARY KEY  (booking_id) )" );
$wpdb->query( "CREATE TABLE IF NOT EXISTS {$wpdb->prefix}bookingdates ( booking_dates_id bigint(20) unsigned NOT NULL auto_increment, booking_id bigint(20) unsigned NOT NULL, booking_date datetime NOT NULL, approved bigint(20) unsigned NOT NULL default 0, PRIMARY KEY  (booking_dates_id) )" );
update_option( 'active_plugins', array_merge( (array) get_option( 'active_plugins', array() ), array( 'booking/wpdev-booking.php' ) ) );
Plugin::attach_sources();
( new ConnectionsRepository( new Vault( KeyRing::from_wp_config() ) ) )->create(
	array(
		'provider'         => 'google',
		'features'         => array( 'export' ),
		'requested_scopes' => array(),
		'granted_scopes'   => array(),
		'account_label'    => 'bench',
		'token_endpoint'   => 'https://oauth2.googleapis.com/token',
		'api_base'         => 'https://www.googleapis.com',
	),
	array( 'access_token' => 'bench-token', 'refresh_token' => null, 'expires_at' => time() + 3600 )
);

$book = static function ( int $i ) use ( $wpdb ): int {
	$wpdb->insert( "{$wpdb->prefix}booking", array( 'form' => "text^name1^Ada~text^secondname1^Lovelace~email^email1^ada$i@example.test" ) );
	$id  = (int) $wpdb->insert_id;
	$day = gmdate( 'Y-m-d', time() + ( 1 + $i % 300 ) * DAY_IN_SECONDS );
	$wpdb->insert( "{$wpdb->prefix}bookingdates", array( 'booking_id' => $id, 'booking_date' => "$day 10:00:01", 'approved' => 1 ) );
	$wpdb->insert( "{$wpdb->prefix}bookingdates", array( 'booking_id' => $id, 'booking_date' => "$day 11:00:02", 'approved' => 1 ) );
	return $id;
};
$queries = array( 'new' => 0, 'repeated' => 0 );
$timed   = static function ( callable $work, string $kind ) use ( $wpdb, &$queries ): float {
	$before  = $wpdb->num_queries;
	$started = hrtime( true );
	$work();
	$elapsed            = ( hrtime( true ) - $started ) / 1e6;
	$queries[ $kind ] = $wpdb->num_queries - $before;
	return $elapsed;
};
$stats = static function ( array $ms ): array {
	sort( $ms );
	return array(
		'median_ms' => $ms[ (int) floor( count( $ms ) / 2 ) ],
		'p90_ms'    => $ms[ (int) floor( count( $ms ) * 0.9 ) ],
	);
};

$runs   = 200;
$new    = array();
$repeat = array();
for ( $i = 0; $i < $runs + 10; $i++ ) {
	$id     = $book( $i );
	$first  = $timed( static fn() => do_action( 'wpbc_track_new_booking', array( 'booking_id' => $id, 'is_edit_booking' => 0 ) ), 'new' );
	$second = $timed( static fn() => do_action( 'wpbc_booking_approved', (string) $id, '1' ), 'repeated' );
	if ( $i >= 10 ) { // The first ten warm the caches.
		$new[]    = $first;
		$repeat[] = $second;
	}
}
echo wp_json_encode(
	array(
		'runs'     => $runs,
		'jobs'     => (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$wpdb->prefix}syncwarden_outbox" ),
		'new'      => $stats( $new ) + array( 'queries' => $queries['new'] ),
		'repeated' => $stats( $repeat ) + array( 'queries' => $queries['repeated'] ),
	)
);
