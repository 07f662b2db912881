<?php
/**
 * Settings → SyncWarden: the screen that mounts the React admin app.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Admin;

defined( 'ABSPATH' ) || exit;

/**
 * Registers the menu entry and enqueues the built app. The page receives no boot data of its
 * own: the app reads everything through `syncwarden/v1`, and WordPress core's api-fetch setup
 * supplies the REST root and nonce. Nothing secret can therefore reach page source from here.
 */
final class SettingsPage {

	public const SLUG          = 'syncwarden';
	public const SCRIPT_HANDLE = 'syncwarden-admin';
	public const ROOT_ID       = 'syncwarden-root';

	/**
	 * Hook suffix returned by add_options_page().
	 *
	 * @var string
	 */
	private string $hook_suffix = '';

	/**
	 * Constructor.
	 *
	 * @param string $plugin_file Absolute path of plugin.php.
	 */
	public function __construct( private readonly string $plugin_file ) {
	}

	/**
	 * Attaches to WordPress.
	 */
	public function register_hooks(): void {
		add_action( 'admin_menu', array( $this, 'add_menu_page' ) );
		add_action( 'admin_enqueue_scripts', array( $this, 'enqueue_assets' ) );
		add_filter( 'plugin_action_links_' . plugin_basename( $this->plugin_file ), array( $this, 'add_settings_link' ) );
	}

	/**
	 * Adds Settings → SyncWarden for administrators.
	 */
	public function add_menu_page(): void {
		$this->hook_suffix = (string) add_options_page(
			__( 'SyncWarden', 'syncwarden' ),
			__( 'SyncWarden', 'syncwarden' ),
			'manage_options',
			self::SLUG,
			array( $this, 'render' )
		);
	}

	/**
	 * URL of the settings screen.
	 */
	public static function url(): string {
		return admin_url( 'options-general.php?page=' . self::SLUG );
	}

	/**
	 * Adds "Settings" to the plugin's row on the Plugins screen.
	 *
	 * @param string[] $links Existing links.
	 * @return string[]
	 */
	public function add_settings_link( array $links ): array {
		array_unshift( $links, sprintf( '<a href="%s">%s</a>', esc_url( self::url() ), esc_html__( 'Settings', 'syncwarden' ) ) );
		return $links;
	}

	/**
	 * Page markup: a heading and the app's mount point.
	 */
	public function render(): void {
		if ( ! current_user_can( 'manage_options' ) ) {
			return;
		}
		echo '<div class="wrap"><h1>' . esc_html__( 'SyncWarden', 'syncwarden' ) . '</h1>';
		if ( null === $this->asset( 'index' ) ) {
			echo '<div class="notice notice-error inline"><p>' . esc_html__( 'The SyncWarden admin app is missing from this copy of the plugin (no build/ folder). Reinstall the plugin from its release zip, or run "npm run build" in a development checkout.', 'syncwarden' ) . '</p></div>';
		}
		echo '<div id="' . esc_attr( self::ROOT_ID ) . '"></div>';
		echo '<noscript><p>' . esc_html__( 'SyncWarden\'s settings need JavaScript.', 'syncwarden' ) . '</p></noscript></div>';
	}

	/**
	 * Enqueues the app on its own screen only.
	 *
	 * @param string $hook_suffix Current admin screen.
	 */
	public function enqueue_assets( string $hook_suffix ): void {
		if ( '' === $this->hook_suffix || $hook_suffix !== $this->hook_suffix ) {
			return;
		}
		$asset = $this->asset( 'index' );
		if ( null === $asset ) {
			return;
		}
		$this->register_jsx_runtime_fallback();
		wp_enqueue_script( self::SCRIPT_HANDLE, $this->build_url( 'index.js' ), $asset['dependencies'], $asset['version'], true );
		wp_set_script_translations( self::SCRIPT_HANDLE, 'syncwarden', dirname( $this->plugin_file ) . '/languages' );
		wp_enqueue_style( 'wp-components' );
		if ( is_file( $this->build_path( 'index.css' ) ) ) {
			wp_enqueue_style( self::SCRIPT_HANDLE, $this->build_url( 'index.css' ), array( 'wp-components' ), $asset['version'] );
		}
		$scheme = AdminScheme::css( (string) get_user_option( 'admin_color' ) );
		if ( '' !== $scheme ) {
			wp_add_inline_style( 'wp-components', $scheme );
		}
	}

	/**
	 * WordPress 6.5 has no `react-jsx-runtime` script, yet the build depends on it; without this
	 * the app would silently not load there. Newer cores ship the handle and keep theirs.
	 */
	private function register_jsx_runtime_fallback(): void {
		if ( wp_script_is( 'react-jsx-runtime', 'registered' ) ) {
			return;
		}
		$asset = $this->asset( 'react-jsx-runtime' );
		if ( null !== $asset ) {
			wp_register_script( 'react-jsx-runtime', $this->build_url( 'react-jsx-runtime.js' ), $asset['dependencies'], $asset['version'], true );
		}
	}

	/**
	 * Reads a build/*.asset.php manifest written by @wordpress/scripts.
	 *
	 * @param string $entry Entry name.
	 * @return array{dependencies: string[], version: string}|null
	 */
	private function asset( string $entry ): ?array {
		$file = $this->build_path( $entry . '.asset.php' );
		if ( ! is_file( $file ) ) {
			return null;
		}
		$asset = require $file;
		return is_array( $asset ) ? array(
			'dependencies' => (array) ( $asset['dependencies'] ?? array() ),
			'version'      => (string) ( $asset['version'] ?? SYNCWARDEN_VERSION ),
		) : null;
	}

	/**
	 * Absolute path in build/.
	 *
	 * @param string $file File name.
	 */
	private function build_path( string $file ): string {
		return dirname( $this->plugin_file ) . '/build/' . $file;
	}

	/**
	 * Public URL in build/.
	 *
	 * @param string $file File name.
	 */
	private function build_url( string $file ): string {
		return plugins_url( 'build/' . $file, $this->plugin_file );
	}
}
