<?php

namespace SyncWarden\Tests\Harness;

use SyncWarden\Storage\Schema;

/**
 * What migration and staging tools do to a copied database: every occurrence of the old address
 * in every table of the site, WordPress's and SyncWarden's, is replaced — inside serialized values
 * too, whose lengths are rewritten (the way WP-CLI's `search-replace` and the migration plugins
 * treat PHP-serialized data). Runs inside the test's transaction, so the copy is rolled back.
 */
final class SearchReplace {

	/**
	 * Rewrites the database; returns how many rows changed.
	 *
	 * @param string $from Old address.
	 * @param string $to   New address.
	 */
	public static function run( string $from, string $to ): int {
		global $wpdb;
		$changed = 0;
		foreach ( array_merge( array_values( $wpdb->tables( 'blog' ) ), Schema::tables() ) as $table ) {
			// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- known table names.
			foreach ( (array) $wpdb->get_results( "SELECT * FROM $table", ARRAY_A ) as $row ) {
				$new = array();
				foreach ( $row as $column => $value ) {
					if ( is_string( $value ) && str_contains( $value, $from ) ) {
						$new[ $column ] = self::replace( $value, $from, $to );
					}
				}
				if ( $new ) {
					$changed += (int) $wpdb->update( $table, $new, array_filter( $row, static fn( $v ) => null !== $v ) );
				}
			}
		}
		wp_cache_flush();
		return $changed;
	}

	/**
	 * One value, unserialized first when it is serialized.
	 *
	 * @param string $value Stored value.
	 * @param string $from  Old address.
	 * @param string $to    New address.
	 */
	private static function replace( string $value, string $from, string $to ): string {
		if ( is_serialized( $value ) ) {
			$data = unserialize( $value, array( 'allowed_classes' => false ) ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions -- what the tools do.
			if ( false !== $data || 'b:0;' === $value ) {
				return serialize( self::walk( $data, $from, $to ) ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions
			}
		}
		return str_replace( $from, $to, $value );
	}

	/**
	 * Replaces in every string of an unserialized value.
	 *
	 * @param mixed  $data Value.
	 * @param string $from Old address.
	 * @param string $to   New address.
	 * @return mixed
	 */
	private static function walk( $data, string $from, string $to ) {
		if ( is_string( $data ) ) {
			return self::replace( $data, $from, $to );
		}
		if ( is_array( $data ) ) {
			return array_map( static fn( $item ) => self::walk( $item, $from, $to ), $data );
		}
		return $data;
	}
}
