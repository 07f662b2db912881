<?php
/**
 * Persistent admin notice when stored secrets cannot be read or the key configuration is broken.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Admin;

use SyncWarden\Storage\KeyMonitor;
use SyncWarden\Storage\KeyRing;

defined( 'ABSPATH' ) || exit;

/**
 * Not dismissible: it disappears when the cause is fixed (old key restored, secrets re-entered,
 * connections reconnected), because ignoring it means sync has silently stopped.
 */
final class KeyNotice {

	/**
	 * Constructor.
	 *
	 * @param KeyRing    $keys    Running keys.
	 * @param KeyMonitor $monitor Secret counts.
	 */
	public function __construct( private readonly KeyRing $keys, private readonly KeyMonitor $monitor ) {
	}

	/**
	 * Attaches to WordPress.
	 */
	public function register_hooks(): void {
		add_action( 'admin_init', array( $this, 'check' ) );
		add_action( 'admin_notices', array( $this, 'render' ) );
	}

	/**
	 * Rescans only when the key fingerprint changed (cheap otherwise).
	 */
	public function check(): void {
		if ( current_user_can( 'manage_options' ) ) {
			$this->monitor->check_fingerprint();
		}
	}

	/**
	 * Prints the notice for administrators.
	 */
	public function render(): void {
		if ( ! current_user_can( 'manage_options' ) ) {
			return;
		}
		$messages   = $this->keys->config_errors();
		$unreadable = $this->monitor->state()['unreadable'];
		if ( $unreadable > 0 ) {
			$messages[] = sprintf(
				/* translators: %d: number of secrets */
				_n(
					'SyncWarden can no longer decrypt %d stored secret: the encryption key or the WordPress secret keys and salts in wp-config.php changed. Affected providers need their client secret entered again and their connections reconnected. If you still have the old key, add it to wp-config.php as SYNCWARDEN_ENCRYPTION_KEY_PREVIOUS instead and nothing is lost.',
					'SyncWarden can no longer decrypt %d stored secrets: the encryption key or the WordPress secret keys and salts in wp-config.php changed. Affected providers need their client secret entered again and their connections reconnected. If you still have the old key, add it to wp-config.php as SYNCWARDEN_ENCRYPTION_KEY_PREVIOUS instead and nothing is lost.',
					$unreadable,
					'syncwarden'
				),
				$unreadable
			);
		}
		if ( ! $messages ) {
			return;
		}
		echo '<div class="notice notice-error syncwarden-key-notice"><p><strong>' . esc_html__( 'SyncWarden needs attention', 'syncwarden' ) . '</strong></p>';
		foreach ( $messages as $message ) {
			echo '<p>' . esc_html( $message ) . '</p>';
		}
		if ( null === $this->keys->current_id() ) {
			self::print_key_fix();
		}
		echo '<p><a href="' . esc_url( SettingsPage::url() . '&tab=settings' ) . '">' . esc_html__( 'Open SyncWarden settings', 'syncwarden' ) . '</a></p></div>';
	}

	/**
	 * How to give SyncWarden a key: on a real host, and in WordPress Playground, whose wp-config.php
	 * has no unique salts (a placeholder and the command, never a key).
	 */
	private static function print_key_fix(): void {
		echo '<p>' . esc_html__( 'On your host: add this line to wp-config.php, above “That’s all, stop editing!”, with a key generated on your server:', 'syncwarden' ) . '</p>'
			. "<p><code>define( 'SYNCWARDEN_ENCRYPTION_KEY', 'paste-the-generated-key-here' );</code></p>"
			. '<p>' . esc_html__( 'Generate the key with:', 'syncwarden' ) . ' <code>php -r "echo base64_encode( random_bytes( 32 ) ), PHP_EOL;"</code></p>'
			. '<p>' . esc_html__( 'In WordPress Playground: start it with SyncWarden’s blueprint (assets/blueprints/blueprint.json), which defines a throwaway key, or add a defineWpConfigConsts step that defines SYNCWARDEN_ENCRYPTION_KEY. A Playground key is for trying SyncWarden only: never copy it to a real site.', 'syncwarden' ) . '</p>';
	}
}
