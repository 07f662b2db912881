<?php
/**
 * Plugin Name:       SyncWarden
 * Plugin URI:        https://github.com/syncwarden/syncwarden
 * Description:       Connects your booking site to Google Calendar, Microsoft Outlook, HubSpot, Zoho CRM and Calendly — securely: OAuth 2.0 with PKCE, encrypted tokens, minimal scopes.
 * Version:           0.1.0
 * Requires at least: 6.5
 * Requires PHP:      8.1
 * Author:            SyncWarden
 * License:           GPL-2.0-or-later
 * License URI:       https://www.gnu.org/licenses/gpl-2.0.html
 * Text Domain:       syncwarden
 * Domain Path:       /languages
 *
 * @package SyncWarden
 */

defined( 'ABSPATH' ) || exit;

define( 'SYNCWARDEN_VERSION', '0.1.0' );
define( 'SYNCWARDEN_FILE', __FILE__ );

// Kept in PHP 5.6-compatible syntax so that too-old hosts get a notice instead of a parse error.
require_once __DIR__ . '/includes/requirements.php';

$syncwarden_unmet = syncwarden_unmet_requirements( PHP_VERSION, get_bloginfo( 'version' ) );
if ( $syncwarden_unmet ) {
	add_action(
		'admin_notices',
		function () use ( $syncwarden_unmet ) {
			syncwarden_print_requirements_notice( $syncwarden_unmet );
		}
	);
	return;
}

require_once __DIR__ . '/includes/Autoloader.php';
require_once __DIR__ . '/includes/functions.php';
SyncWarden\Autoloader::register( 'SyncWarden\\', __DIR__ . '/includes' );
SyncWarden\Plugin::boot( __FILE__ );
register_activation_hook( __FILE__, array( SyncWarden\Storage\Schema::class, 'migrate' ) );
register_deactivation_hook( __FILE__, array( SyncWarden\Deactivation::class, 'deactivate' ) );
