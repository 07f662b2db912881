<?php
/**
 * Another PHP process for the real-plugin tier: boots the test site with a real booking plugin
 * and does one thing through that plugin's own API (a driver in tests/php/SourcePlugins/Drivers),
 * then runs the outbox once and prints JSON. Nothing of the plugin is committed to this
 * repository: the plugin folder comes from SYNCWARDEN_SOURCE_PLUGINS.
 *
 * Usage: php source-plugin.php activate|deactivate|boot <plugin file>
 *        php source-plugin.php <plugin folder> <driver method> [<argument> ...]
 *
 * The answer always has `error` (empty when it worked); a driver's answer also has the plugin's
 * `version` from its main file header.
 */
const SYNCWARDEN_SOURCE_PLUGIN_ANSWER = 'syncwarden-answer: ';

$_SERVER['HTTP_HOST']   = '127.0.0.1:8888';
$_SERVER['REQUEST_URI'] = '/';
require dirname( __DIR__ ) . '/test-config.php';
require getenv( 'SYNCWARDEN_WP_CORE' ) . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';
SyncWarden\Autoloader::register( 'SyncWarden\\Tests\\', dirname( __DIR__ ) );
wp_set_current_user( 1 );

$syncwarden_drivers = array(
	'booking'                                    => SyncWarden\Tests\SourcePlugins\Drivers\BookingCalendarDriver::class,
	'simply-schedule-appointments'               => SyncWarden\Tests\SourcePlugins\Drivers\SimplyScheduleDriver::class,
	'latepoint'                                  => SyncWarden\Tests\SourcePlugins\Drivers\LatePointDriver::class,
	'fluent-booking'                             => SyncWarden\Tests\SourcePlugins\Drivers\FluentBookingDriver::class,
	'ameliabooking'                              => SyncWarden\Tests\SourcePlugins\Drivers\AmeliaDriver::class,
	'bookly-responsive-appointment-booking-tool' => SyncWarden\Tests\SourcePlugins\Drivers\BooklyDriver::class,
);

$syncwarden_args    = array_slice( $argv, 1 );
$syncwarden_command = (string) array_shift( $syncwarden_args );
$syncwarden_result  = array( 'error' => '' );
try {
	if ( 'activate' === $syncwarden_command ) {
		$syncwarden_error  = activate_plugin( $syncwarden_args[0] );
		// The plugin's own activation routine ran: it hooked itself under its basename and WordPress
		// fired that hook (a plugin whose install never ran has no tables).
		$syncwarden_hook   = 'activate_' . $syncwarden_args[0];
		$syncwarden_result = array(
			'active'    => ! is_wp_error( $syncwarden_error ) && is_plugin_active( $syncwarden_args[0] ),
			'activated' => false !== has_action( $syncwarden_hook ) && did_action( $syncwarden_hook ) > 0,
			'error'     => is_wp_error( $syncwarden_error ) ? $syncwarden_error->get_error_message() : '',
		);
	} elseif ( 'boot' === $syncwarden_command ) {
		// One request with the plugin active: its own set-up on init (tables some create lazily) ran.
		$syncwarden_result['active'] = is_plugin_active( $syncwarden_args[0] );
	} elseif ( 'deactivate' === $syncwarden_command ) {
		deactivate_plugins( $syncwarden_args[0], true );
		$syncwarden_result['active'] = is_plugin_active( $syncwarden_args[0] );
	} elseif ( isset( $syncwarden_drivers[ $syncwarden_command ] ) && is_plugin_active( $syncwarden_drivers[ $syncwarden_command ]::PLUGIN ) ) {
		$syncwarden_driver = $syncwarden_drivers[ $syncwarden_command ];
		$syncwarden_method = (string) array_shift( $syncwarden_args );
		if ( ! method_exists( $syncwarden_driver, $syncwarden_method ) ) {
			throw new RuntimeException( "$syncwarden_command has no step $syncwarden_method" );
		}
		$syncwarden_result = array(
			'version' => get_plugin_data( WP_PLUGIN_DIR . '/' . $syncwarden_driver::PLUGIN, false, false )['Version'],
		) + $syncwarden_driver::$syncwarden_method( ...$syncwarden_args ) + $syncwarden_result;
		do_action( SyncWarden\Sync\Outbox::HOOK );
	} else {
		throw new RuntimeException( "$syncwarden_command is not an active plugin with a driver" );
	}
} catch ( Throwable $syncwarden_failure ) {
	$syncwarden_result['error'] = get_class( $syncwarden_failure ) . ': ' . $syncwarden_failure->getMessage() . ' at ' . $syncwarden_failure->getFile() . ':' . $syncwarden_failure->getLine();
}
// On a line of its own after whatever the plugin printed.
echo "\n" . SYNCWARDEN_SOURCE_PLUGIN_ANSWER . wp_json_encode( $syncwarden_result );
