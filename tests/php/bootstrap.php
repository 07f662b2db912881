<?php
/**
 * Boots a real WordPress (a freshly installed scratch site, see tools/test.mjs) with SyncWarden
 * active, then hands over to PHPUnit. WP_UnitTestCase is not obtainable offline; TestCase.php is
 * the small replacement.
 */

$syncwarden_core = getenv( 'SYNCWARDEN_WP_CORE' );
if ( ! $syncwarden_core || ! getenv( 'SYNCWARDEN_SITE_DIR' ) ) {
	fwrite( STDERR, "Run the PHP tests through `npm run test:php` (it installs a scratch site first).\n" );
	exit( 1 );
}

$_SERVER['HTTP_HOST']   = '127.0.0.1:8888';
$_SERVER['SERVER_NAME'] = '127.0.0.1';
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['REQUEST_METHOD'] = 'GET';

require __DIR__ . '/test-config.php';

require $syncwarden_core . '/wp-load.php';
// Admin APIs (screens, menus, plugin functions) as an admin request would have them.
require_once ABSPATH . 'wp-admin/includes/admin.php';

if ( ! defined( 'SYNCWARDEN_VERSION' ) ) {
	fwrite( STDERR, "SyncWarden is not active on the scratch site.\n" );
	exit( 1 );
}

// The engine the tooling asked for is the one WordPress runs on (a silent SQLite fallback would
// make the MariaDB run prove nothing).
$syncwarden_engine = $wpdb instanceof WP_SQLite_DB ? 'sqlite' : ( false !== stripos( (string) $wpdb->get_var( 'SELECT VERSION()' ), 'mariadb' ) ? 'mariadb' : 'mysql' );
if ( getenv( 'SYNCWARDEN_TEST_DB' ) && getenv( 'SYNCWARDEN_TEST_DB' ) !== $syncwarden_engine ) {
	fwrite( STDERR, 'The scratch site runs on ' . $syncwarden_engine . ', not ' . getenv( 'SYNCWARDEN_TEST_DB' ) . ".\n" );
	exit( 1 );
}

SyncWarden\Autoloader::register( 'SyncWarden\\Tests\\', __DIR__ );

// wp_die() must not end the test run: it becomes an exception a test can assert on.
$syncwarden_die_handler = static function () {
	return static function ( $message, $title = '', $args = array() ) {
		$text = $message instanceof WP_Error ? $message->get_error_message() : (string) $message;
		throw new SyncWarden\Tests\WpDieException( $text, (int) ( $args['response'] ?? 500 ) );
	};
};
foreach ( array( 'wp_die_handler', 'wp_die_ajax_handler', 'wp_die_json_handler', 'wp_die_jsonp_handler', 'wp_die_xmlrpc_handler', 'wp_die_xml_handler' ) as $syncwarden_filter ) {
	add_filter( $syncwarden_filter, $syncwarden_die_handler );
}
