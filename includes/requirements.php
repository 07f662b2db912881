<?php
/**
 * Requirement checks that run before any namespaced code loads.
 *
 * This file must parse on very old PHP (no typed properties, no short closures, no namespaces),
 * because its whole job is to explain politely that the host is too old.
 *
 * @package SyncWarden
 */

defined( 'ABSPATH' ) || exit;

if ( ! defined( 'SYNCWARDEN_MIN_PHP' ) ) {
	define( 'SYNCWARDEN_MIN_PHP', '8.1' );
}
if ( ! defined( 'SYNCWARDEN_MIN_WP' ) ) {
	define( 'SYNCWARDEN_MIN_WP', '6.5' );
}

/**
 * Lists what keeps SyncWarden from running, in words an administrator can act on.
 *
 * @param string $php_version Running PHP version.
 * @param string $wp_version  Running WordPress version.
 * @return string[] Empty when everything is fine.
 */
function syncwarden_unmet_requirements( $php_version, $wp_version ) {
	$unmet = array();
	if ( version_compare( $php_version, SYNCWARDEN_MIN_PHP, '<' ) ) {
		/* translators: 1: required PHP version, 2: running PHP version. */
		$unmet[] = sprintf( __( 'SyncWarden needs PHP %1$s or newer; this site runs PHP %2$s. Ask your host to upgrade PHP.', 'syncwarden' ), SYNCWARDEN_MIN_PHP, $php_version );
	}
	if ( version_compare( $wp_version, SYNCWARDEN_MIN_WP, '<' ) ) {
		/* translators: 1: required WordPress version, 2: running WordPress version. */
		$unmet[] = sprintf( __( 'SyncWarden needs WordPress %1$s or newer; this site runs WordPress %2$s. Update WordPress under Dashboard → Updates.', 'syncwarden' ), SYNCWARDEN_MIN_WP, $wp_version );
	}
	return $unmet;
}

/**
 * Prints the "cannot run" notice for administrators only.
 *
 * @param string[] $unmet Messages from syncwarden_unmet_requirements().
 */
function syncwarden_print_requirements_notice( $unmet ) {
	if ( ! current_user_can( 'activate_plugins' ) ) {
		return;
	}
	echo '<div class="notice notice-error"><p><strong>' . esc_html__( 'SyncWarden is inactive.', 'syncwarden' ) . '</strong></p><ul>';
	foreach ( $unmet as $message ) {
		echo '<li>' . esc_html( $message ) . '</li>';
	}
	echo '</ul></div>';
}
