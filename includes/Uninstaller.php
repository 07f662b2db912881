<?php
/**
 * Deletes the plugin's data. Grows with every feature that stores something.
 *
 * @package SyncWarden
 */

namespace SyncWarden;

defined( 'ABSPATH' ) || exit;

/**
 * Every option, transient and cron event SyncWarden creates carries the `syncwarden_` prefix,
 * as do its user meta keys, so removal is by prefix; its tables are listed by Storage\Schema.
 */
final class Uninstaller {

	public const PREFIX = 'syncwarden_';

	/**
	 * Uninstalls on this site, or on every site of a network: `$before_wipe` runs on each site
	 * first (remote revocation), then its data is removed.
	 *
	 * @param callable $before_wipe Called once per site, with that site current.
	 */
	public static function everywhere( callable $before_wipe ): void {
		$uninstall = static function () use ( $before_wipe ): void {
			$before_wipe();
			self::run();
		};
		if ( ! is_multisite() ) {
			$uninstall();
			return;
		}
		self::on_each_site( $uninstall );
	}

	/**
	 * Runs `$job` once per site of the network, with that site current.
	 *
	 * @param callable $job Called with no arguments.
	 */
	public static function on_each_site( callable $job ): void {
		foreach ( get_sites( array( 'fields' => 'ids', 'number' => 0 ) ) as $site_id ) {
			switch_to_blog( (int) $site_id );
			try {
				$job();
			} finally {
				restore_current_blog();
			}
		}
	}

	/**
	 * Removes options, transients and scheduled events.
	 */
	public static function run(): void {
		global $wpdb;
		foreach ( Storage\Schema::tables() as $table ) {
			$wpdb->query( $wpdb->prepare( 'DROP TABLE IF EXISTS %i', $table ) );
		}
		$like  = $wpdb->esc_like( self::PREFIX ) . '%';
		$names = $wpdb->get_col(
			$wpdb->prepare(
				"SELECT option_name FROM {$wpdb->options} WHERE option_name LIKE %s OR option_name LIKE %s OR option_name LIKE %s",
				$like,
				$wpdb->esc_like( '_transient_' . self::PREFIX ) . '%',
				$wpdb->esc_like( '_transient_timeout_' . self::PREFIX ) . '%'
			)
		);
		foreach ( $names as $name ) {
			delete_option( $name );
		}
		Storage\InstallId::forget();
		$wpdb->query( $wpdb->prepare( "DELETE FROM {$wpdb->usermeta} WHERE meta_key LIKE %s", $like ) );
		wp_cache_flush_group( 'user_meta' );
		self::clear_events();
	}

	/**
	 * Unschedules every event whose hook carries the prefix, whatever its arguments (also what
	 * Deactivation does).
	 */
	public static function clear_events(): void {
		foreach ( (array) _get_cron_array() as $events ) {
			foreach ( array_keys( (array) $events ) as $hook ) {
				if ( str_starts_with( (string) $hook, self::PREFIX ) ) {
					wp_unschedule_hook( $hook );
				}
			}
		}
	}
}
