<?php
/**
 * Hand-written wiring: the only place that knows every part of the plugin.
 *
 * @package SyncWarden
 */

namespace SyncWarden;

use SyncWarden\Admin\SettingsPage;
use SyncWarden\Health\EnvironmentReport;
use SyncWarden\REST\Router;
use SyncWarden\REST\StatusController;

defined( 'ABSPATH' ) || exit;

/**
 * Builds the object graph once and attaches it to WordPress hooks.
 */
final class Plugin {

	/**
	 * The booted instance (one per request).
	 *
	 * @var Plugin|null
	 */
	private static ?Plugin $instance = null;

	/**
	 * Constructor.
	 *
	 * @param string $plugin_file Absolute path of plugin.php.
	 */
	private function __construct( private readonly string $plugin_file ) {
	}

	/**
	 * Boots the plugin; safe to call more than once.
	 *
	 * @param string $plugin_file Absolute path of plugin.php.
	 */
	public static function boot( string $plugin_file ): void {
		if ( null !== self::$instance ) {
			return;
		}
		self::$instance = new self( $plugin_file );
		self::$instance->register_hooks();
	}

	/**
	 * Attaches every component to its hooks. Nothing here does work at load time.
	 */
	private function register_hooks(): void {
		$environment = new EnvironmentReport( SYNCWARDEN_VERSION );
		$router      = new Router();
		$status      = new StatusController( $environment );
		$settings    = new SettingsPage( $this->plugin_file );

		add_action(
			'rest_api_init',
			static function () use ( $router, $status ): void {
				$status->register_routes( $router );
			}
		);
		$settings->register_hooks();
	}
}
