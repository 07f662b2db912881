<?php
/**
 * Whether a booking plugin syncs its bookings with a calendar service itself.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Sources;

defined( 'ABSPATH' ) || exit;

/**
 * Sources read the plugin's own marks of its calendar sync (an event id stored on its bookings,
 * a connected calendar's token row, a configured feed) with one EXISTS-style query each. Asked
 * only for the Booking plugins and Connections tabs, never inside a booking request; a table the
 * plugin has not created yet counts as "no" without a database error in the log.
 */
final class OwnCalendarSync {

	/**
	 * Whether a query finds at least one row.
	 *
	 * @param string $sql Prepared SQL selecting 1 with LIMIT 1.
	 */
	public static function found( string $sql ): bool {
		global $wpdb;
		$shown = $wpdb->suppress_errors();
		$found = null !== $wpdb->get_var( $sql ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared -- prepared by the caller.
		$wpdb->suppress_errors( $shown );
		return $found;
	}

	/**
	 * Whether any row of a plugin's table has a value in a column (an event id its own sync
	 * wrote).
	 *
	 * @param string $table  Table, with the site's prefix.
	 * @param string $column Column: a fixed name of the plugin's schema.
	 */
	public static function filled( string $table, string $column ): bool {
		return self::found( "SELECT 1 FROM {$table} WHERE {$column} IS NOT NULL AND {$column} <> '' LIMIT 1" );
	}

	/**
	 * The provider ids whose check holds.
	 *
	 * @param array<string, bool> $checks Provider id => found.
	 * @return string[]
	 */
	public static function providers( array $checks ): array {
		return array_keys( array_filter( $checks ) );
	}
}
