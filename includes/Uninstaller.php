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
	 * Removes options, transients and scheduled events.
	 */
	public static function run(): void {
		global $wpdb;
		foreach ( Storage\Schema::tables() as $table ) {
			$wpdb->query( "DROP TABLE IF EXISTS `$table`" ); // phpcs:ignore WordPress.DB.PreparedSQL -- our own table names.
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
		$wpdb->query( $wpdb->prepare( "DELETE FROM {$wpdb->usermeta} WHERE meta_key LIKE %s", $like ) );
		wp_cache_flush_group( 'user_meta' );
		foreach ( (array) _get_cron_array() as $events ) {
			foreach ( array_keys( (array) $events ) as $hook ) {
				if ( str_starts_with( (string) $hook, self::PREFIX ) ) {
					wp_unschedule_hook( $hook );
				}
			}
		}
	}
}
