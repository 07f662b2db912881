<?php
/**
 * Tiny WP-CLI stand-in (no WP-CLI phar is obtainable offline).
 *
 * Usage: php tools/wp/cli.php <core-dir> install <url> <user> <password> <email>
 *        php tools/wp/cli.php <core-dir> activate|deactivate <plugin-file>
 *        php tools/wp/cli.php <core-dir> autoload-bytes
 *        php tools/wp/cli.php <core-dir> canary-scan <secret> [<secret> ...]
 *        php tools/wp/cli.php <core-dir> bench-vault
 *        php tools/wp/cli.php <core-dir> bench-sources
 *        php tools/wp/cli.php <core-dir> bench-http      (needs SYNCWARDEN_PEER_URL/_CA)
 *        php tools/wp/cli.php <core-dir> bench-import connect|run ...   (likewise; see the file)
 *        php tools/wp/cli.php <core-dir> bench-webhooks connect|count|disconnect ...   (likewise)
 * The site comes from SYNCWARDEN_SITE_DIR, as for the web server; its address from
 * SYNCWARDEN_HOST (default 127.0.0.1:8888), as wp-config.php reads it.
 */
if ( PHP_SAPI !== 'cli' ) {
	exit( 1 );
}
[ , $core, $command ] = $argv + [ null, null, null ];
$args = array_slice( $argv, 3 );

$site_url               = 'install' === $command ? $args[0] : 'http://' . ( getenv( 'SYNCWARDEN_HOST' ) ?: '127.0.0.1:8888' );
$_SERVER['HTTP_HOST']   = parse_url( $site_url, PHP_URL_HOST ) . ':' . ( parse_url( $site_url, PHP_URL_PORT ) ?: 80 );
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['SERVER_NAME'] = '127.0.0.1';

if ( 'install' === $command ) {
	define( 'WP_INSTALLING', true );
}
require $core . '/wp-load.php';

function syncwarden_cli_fail( string $message ): void {
	fwrite( STDERR, $message . "\n" );
	exit( 1 );
}

switch ( $command ) {
	case 'install':
		require_once ABSPATH . 'wp-admin/includes/upgrade.php';
		[ , $user, $password, $email ] = $args;
		$result = wp_install( 'SyncWarden Dev', $user, $email, false, '', wp_slash( $password ) );
		if ( is_wp_error( $result ) ) {
			syncwarden_cli_fail( $result->get_error_message() );
		}
		update_option( 'permalink_structure', '/%postname%/' );
		echo "installed\n";
		break;
	case 'install-network':
		// Turns the installed single site into a subdirectory network, as WP-CLI's
		// `core multisite-convert` does; the caller then adds the MULTISITE constants.
		require_once ABSPATH . 'wp-admin/includes/upgrade.php';
		require_once ABSPATH . 'wp-admin/includes/network.php';
		foreach ( $wpdb->tables( 'ms_global' ) as $table => $prefixed ) {
			$wpdb->$table = $prefixed;
		}
		install_network();
		$result = populate_network( 1, $_SERVER['HTTP_HOST'], (string) get_option( 'admin_email' ), 'SyncWarden Network', '/', false );
		if ( is_wp_error( $result ) ) {
			syncwarden_cli_fail( $result->get_error_message() );
		}
		echo "network\n";
		break;
	case 'create-site':
		// Core's normaliser runs the domain through sanitize_user(), which drops the port's colon;
		// the path is given normalised already.
		remove_filter( 'wp_normalize_site_data', 'wp_normalize_site_data' );
		$blog_id = wp_insert_site(
			array(
				'domain'  => $_SERVER['HTTP_HOST'],
				'path'    => '/' . $args[0] . '/',
				'title'   => $args[0],
				'user_id' => 1,
			)
		);
		if ( is_wp_error( $blog_id ) ) {
			syncwarden_cli_fail( $blog_id->get_error_message() );
		}
		echo (int) $blog_id, "\n";
		break;
	case 'activate':
		require_once ABSPATH . 'wp-admin/includes/plugin.php';
		$result = activate_plugin( $args[0], '', 'network' === ( $args[1] ?? '' ) );
		if ( is_wp_error( $result ) ) {
			syncwarden_cli_fail( $result->get_error_message() );
		}
		echo "activated\n";
		break;
	case 'deactivate':
		require_once ABSPATH . 'wp-admin/includes/plugin.php';
		deactivate_plugins( $args[0] );
		echo "deactivated\n";
		break;
	case 'autoload-bytes':
		global $wpdb;
		$autoload_values = "'yes','on','auto-on','auto'";
		echo wp_json_encode(
			array(
				'total'      => (int) $wpdb->get_var( "SELECT COALESCE(SUM(LENGTH(option_value)),0) FROM {$wpdb->options} WHERE autoload IN ($autoload_values)" ),
				'syncwarden' => (int) $wpdb->get_var( "SELECT COALESCE(SUM(LENGTH(option_value)),0) FROM {$wpdb->options} WHERE autoload IN ($autoload_values) AND option_name LIKE 'syncwarden%'" ),
			)
		);
		break;
	case 'canary-scan':
		// The same scanner the PHP suite uses, over the whole database and debug.log of a site
		// that real browser flows just used (e2e). Prints findings as JSON.
		require_once dirname( __DIR__, 2 ) . '/tests/php/Harness/CanaryScanner.php';
		$scanner = new SyncWarden\Tests\Harness\CanaryScanner( $args );
		echo wp_json_encode( $scanner->scan_database()->scan_file( WP_DEBUG_LOG )->findings() );
		break;
	case 'bench-vault':
	case 'bench-http':
	case 'bench-import':
	case 'bench-webhooks':
	case 'bench-sources':
		require __DIR__ . "/$command.php";
		break;
	default:
		syncwarden_cli_fail( "Unknown command: $command" );
}
