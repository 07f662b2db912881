<?php
/**
 * Removes everything SyncWarden stored when an administrator deletes the plugin.
 *
 * @package SyncWarden
 */

defined( 'WP_UNINSTALL_PLUGIN' ) || exit;

require_once __DIR__ . '/includes/Autoloader.php';
SyncWarden\Autoloader::register( 'SyncWarden\\', __DIR__ . '/includes' );

SyncWarden\Uninstaller::run();
