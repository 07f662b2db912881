<?php
/**
 * Runs when an administrator deletes the plugin: first disconnects every connection the way the
 * Connections tab would (push subscriptions removed, tokens revoked at each provider, best effort
 * with short timeouts), then removes everything SyncWarden stored — on every site of a network.
 *
 * @package SyncWarden
 */

defined( 'WP_UNINSTALL_PLUGIN' ) || exit;

// The plugin is normally inactive here; booting it wires the same services its screens use.
if ( ! class_exists( 'SyncWarden\\Plugin', false ) ) {
	require_once __DIR__ . '/plugin.php';
}

if ( ! class_exists( SyncWarden\Uninstaller::class ) ) {
	// Requirements unmet: the plugin never ran, so it stored nothing it could revoke.
	return;
}
SyncWarden\Uninstaller::everywhere( array( SyncWarden\Plugin::class, 'disconnect_all_for_uninstall' ) );
