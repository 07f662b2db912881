<?php
/**
 * An option added by exactly one of several racing processes.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Storage;

defined( 'ABSPATH' ) || exit;

/**
 * `add_option()` checks, then writes with `ON DUPLICATE KEY UPDATE`, so two processes that both
 * find the option missing both "add" it and both go on (two e-mails for one incident). A plain
 * `INSERT IGNORE` on the unique option name lets the database pick the one winner. The option is
 * never autoloaded.
 */
final class AtomicOption {

	/**
	 * Adds the option when it does not exist yet.
	 *
	 * @param string $name  Option name.
	 * @param string $value Value (stored as is, not serialized).
	 * @return bool Whether this call added it.
	 */
	public static function add( string $name, string $value ): bool {
		global $wpdb;
		$added = 1 === (int) $wpdb->query( $wpdb->prepare( "INSERT IGNORE INTO {$wpdb->options} (option_name, option_value, autoload) VALUES (%s, %s, 'no')", $name, $value ) );
		if ( $added ) {
			wp_cache_delete( $name, 'options' );
			wp_cache_delete( 'notoptions', 'options' );
		}
		return $added;
	}
}
