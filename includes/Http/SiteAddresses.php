<?php
/**
 * The plugin's own addresses on this site: its REST namespace and its settings screen.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Http;

defined( 'ABSPATH' ) || exit;

/**
 * Kept in the bottom layer so that use cases (the OAuth callback URL, the webhook endpoints) and
 * REST controllers can name them without reaching up into REST\Router or Admin\SettingsPage.
 */
final class SiteAddresses {

	public const REST_NAMESPACE = 'syncwarden/v1';
	public const SETTINGS_SLUG  = 'syncwarden';

	/**
	 * The settings screen (Settings → SyncWarden).
	 */
	public static function settings_url(): string {
		return admin_url( 'options-general.php?page=' . self::SETTINGS_SLUG );
	}
}
