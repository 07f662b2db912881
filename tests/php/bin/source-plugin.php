<?php
/**
 * Another PHP process for the real-plugin tier: boots the test site with a real booking plugin
 * and does one thing through that plugin's own API, printing JSON. Nothing of the plugin is
 * committed to this repository: the plugin folder comes from SYNCWARDEN_SOURCE_PLUGINS.
 *
 * Usage: php source-plugin.php activate|deactivate <plugin file>
 *        php source-plugin.php booking-calendar <Y-m-d> <HH:MM - HH:MM> <email>
 *        php source-plugin.php simply-schedule-appointments <start UTC> <end UTC>
 */
$_SERVER['HTTP_HOST']   = '127.0.0.1:8888';
$_SERVER['REQUEST_URI'] = '/';
require dirname( __DIR__ ) . '/test-config.php';
require getenv( 'SYNCWARDEN_WP_CORE' ) . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';
wp_set_current_user( 1 );

$syncwarden_command = $argv[1] ?? '';
$syncwarden_result  = array();
if ( 'activate' === $syncwarden_command ) {
	$syncwarden_error  = activate_plugin( $argv[2] );
	$syncwarden_result = array( 'active' => ! is_wp_error( $syncwarden_error ) && is_plugin_active( $argv[2] ), 'error' => is_wp_error( $syncwarden_error ) ? $syncwarden_error->get_error_message() : '' );
} elseif ( 'deactivate' === $syncwarden_command ) {
	deactivate_plugins( $argv[2], true );
	$syncwarden_result = array( 'active' => is_plugin_active( $argv[2] ) );
} elseif ( 'booking-calendar' === $syncwarden_command ) {
	// Booking Calendar's documented developer API (core/wpbc-dev-api.php:97), then its own auto-approval.
	$syncwarden_id = wpbc_api_booking_add_new(
		array( $argv[2] ),
		array(
			'name'       => array( 'value' => 'Ada', 'type' => 'text' ),
			'secondname' => array( 'value' => 'Lovelace', 'type' => 'text' ),
			'email'      => array( 'value' => $argv[4], 'type' => 'email' ),
			'rangetime'  => array( 'value' => $argv[3], 'type' => 'selectbox-one' ),
		),
		1,
		array( 'is_send_emeils' => 0, 'save_booking_even_if_unavailable' => 1 )
	);
	if ( ! is_wp_error( $syncwarden_id ) ) {
		wpbc_auto_approve_booking( $syncwarden_id );
	}
	do_action( SyncWarden\Sync\Outbox::HOOK );
	$syncwarden_result = array( 'id' => is_wp_error( $syncwarden_id ) ? 0 : (int) $syncwarden_id, 'error' => is_wp_error( $syncwarden_id ) ? $syncwarden_id->get_error_message() : '', 'version' => defined( 'WP_BK_VERSION_NUM' ) ? WP_BK_VERSION_NUM : '' );
} elseif ( 'simply-schedule-appointments' === $syncwarden_command ) {
	// Its own models (includes/lib/td-util/class-td-model.php insert()/update()), which fire the lifecycle hooks.
	$syncwarden_type = ssa()->appointment_type_model->insert( array( 'title' => 'Consultation', 'slug' => 'consultation', 'duration' => 60 ) );
	$syncwarden_id   = ssa()->appointment_model->insert( array( 'appointment_type_id' => $syncwarden_type, 'start_date' => $argv[2], 'end_date' => $argv[3], 'status' => 'booked', 'customer_information' => array( 'Name' => 'Ada Lovelace', 'Email' => 'ada@example.test' ), 'customer_timezone' => 'UTC' ) );
	do_action( SyncWarden\Sync\Outbox::HOOK );
	ssa()->appointment_model->update( $syncwarden_id, array( 'status' => 'canceled' ) );
	do_action( SyncWarden\Sync\Outbox::HOOK );
	$syncwarden_result = array( 'id' => (int) $syncwarden_id, 'version' => class_exists( 'Simply_Schedule_Appointments' ) ? (string) Simply_Schedule_Appointments::VERSION : '' );
}
echo wp_json_encode( $syncwarden_result );
