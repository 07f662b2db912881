<?php
/**
 * wp-config for SyncWarden's offline development and test sites (copied into each core by
 * tools/wordpress.mjs). One core serves many sites: SYNCWARDEN_SITE_DIR names the site folder
 * holding its SQLite database, salts, debug.log and captured mail. Never use this in production.
 */
$syncwarden_site_dir = getenv( 'SYNCWARDEN_SITE_DIR' );
if ( ! $syncwarden_site_dir || ! is_file( $syncwarden_site_dir . '/config.php' ) ) {
	header( 'Content-Type: text/plain', true, 500 );
	exit( "SYNCWARDEN_SITE_DIR does not point to an installed site. Run: npm start\n" );
}
define( 'SYNCWARDEN_SITE_DIR', $syncwarden_site_dir );
require $syncwarden_site_dir . '/config.php';

// SQLite in the site folder, unless the site's config.php chose MariaDB (DB_ENGINE 'mysql', set
// by tools/test.mjs for the suite's second engine; the SQLite drop-in then stands aside).
define( 'DB_DIR', $syncwarden_site_dir . '/' );
define( 'DB_FILE', 'wordpress.sqlite' );
defined( 'DB_NAME' ) || define( 'DB_NAME', 'wordpress' );
defined( 'DB_USER' ) || define( 'DB_USER', '' );
defined( 'DB_PASSWORD' ) || define( 'DB_PASSWORD', '' );
defined( 'DB_HOST' ) || define( 'DB_HOST', '' );
define( 'DB_CHARSET', 'utf8mb4' );
defined( 'DB_COLLATE' ) || define( 'DB_COLLATE', '' );
$table_prefix = 'wp_';

// One site answers on whatever host:port serves it (dev server, e2e server, bench server).
$syncwarden_host = isset( $_SERVER['HTTP_HOST'] ) ? $_SERVER['HTTP_HOST'] : ( getenv( 'SYNCWARDEN_HOST' ) ?: '127.0.0.1:8888' );
if ( ! defined( 'MULTISITE' ) ) { // A network's sites keep their own addresses (a site's config.php defines it).
	define( 'WP_HOME', 'http://' . $syncwarden_host );
	define( 'WP_SITEURL', 'http://' . $syncwarden_host );
}

define( 'WP_ENVIRONMENT_TYPE', 'local' );
define( 'WP_DEBUG', true );
define( 'WP_DEBUG_LOG', $syncwarden_site_dir . '/debug.log' );
define( 'WP_DEBUG_DISPLAY', false );
define( 'WP_HTTP_BLOCK_EXTERNAL', true );
define( 'AUTOMATIC_UPDATER_DISABLED', true );
define( 'WP_AUTO_UPDATE_CORE', false );
define( 'DISALLOW_FILE_MODS', false );
define( 'FS_METHOD', 'direct' );
// Tests run cron explicitly; the dev site keeps the default behaviour unless asked.
if ( getenv( 'SYNCWARDEN_DISABLE_WP_CRON' ) ) {
	define( 'DISABLE_WP_CRON', true );
}

// The real-plugin tier's plugins folder lies outside this checkout (tools/source-plugins-tier.mjs):
// WordPress maps a symlinked plugin back through every registered plugin path in turn, and with
// the folder inside the checkout that SyncWarden's own link points at, other plugins got
// basenames under syncwarden/ and their activation hooks never fired.
if ( getenv( 'SYNCWARDEN_PLUGIN_DIR' ) ) {
	define( 'WP_PLUGIN_DIR', getenv( 'SYNCWARDEN_PLUGIN_DIR' ) );
}

if ( ! defined( 'ABSPATH' ) ) {
	define( 'ABSPATH', __DIR__ . '/' );
}
require_once ABSPATH . 'wp-settings.php';
