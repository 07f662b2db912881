<?php
/**
 * Counters and one-time claims shared by every PHP process of the site.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Storage;

defined( 'ABSPATH' ) || exit;

/**
 * Rate limits, replay detection and security-event bursts must hold across PHP processes, and a
 * flood arrives in parallel: a read-modify-write of a transient would let concurrent requests
 * overwrite each other's counts. So every change here is a single atomic statement.
 *
 * With a persistent object cache (Redis, Memcached) the values live there (`wp_cache_add` +
 * `wp_cache_incr` are atomic). Without one they are rows of the options table named like
 * transients (`_transient_syncwarden_c_…` plus a `_transient_timeout_…` row), so WordPress's own
 * expired-transient clean-up, purge_expired() and the uninstaller all find them; the value is
 * changed with `UPDATE … SET option_value = option_value + 1`, which MySQL and SQLite both apply
 * atomically. Rows are read and written with SQL, never through get_option(), whose per-request
 * cache would hide other processes' increments.
 *
 * Keys are hashed: callers may use any text (an IP address, a signature) without it ever
 * appearing in the database.
 */
final class Counters {

	public const PREFIX = 'syncwarden_c_';
	private const GROUP = 'syncwarden_counters';

	/**
	 * Adds one and returns the new value.
	 *
	 * @param string $key Any text naming the counter (include a time window in it for windows).
	 * @param int    $ttl Seconds the counter must live at least.
	 */
	public function increment( string $key, int $ttl ): int {
		$name = self::name( $key );
		if ( wp_using_ext_object_cache() ) {
			wp_cache_add( $name, 0, self::GROUP, $ttl );
			$value = wp_cache_incr( $name, 1, self::GROUP );
			return false === $value ? 1 : (int) $value;
		}
		global $wpdb;
		$this->insert_rows( $name, '0', $ttl );
		$wpdb->query( $wpdb->prepare( "UPDATE {$wpdb->options} SET option_value = option_value + 1 WHERE option_name = %s", '_transient_' . $name ) );
		return $this->read( $name );
	}

	/**
	 * The current value (0 when the counter does not exist).
	 *
	 * @param string $key Counter name.
	 */
	public function value( string $key ): int {
		$name = self::name( $key );
		if ( wp_using_ext_object_cache() ) {
			return (int) wp_cache_get( $name, self::GROUP );
		}
		return $this->read( $name );
	}

	/**
	 * Claims a key once: true for exactly one caller until the key expires (replay detection,
	 * once-per-window work). An expired claim may be taken again.
	 *
	 * The claim row holds its own expiry, so one INSERT IGNORE decides the winner; an expired row
	 * is removed only if it still holds the value that was read (a compare-and-delete, as in
	 * Lock), so two processes can never both take over the same stale claim.
	 *
	 * @param string $key Claim name.
	 * @param int    $ttl Seconds the claim holds.
	 */
	public function claim( string $key, int $ttl ): bool {
		$name = self::name( $key );
		if ( wp_using_ext_object_cache() ) {
			return wp_cache_add( $name, 1, self::GROUP, $ttl );
		}
		global $wpdb;
		$expires = (string) ( time() + $ttl );
		for ( $try = 0; $try < 2; $try++ ) {
			if ( 1 === $this->insert_value( '_transient_' . $name, $expires ) ) {
				// Only the winner gets here: its timeout row (for clean-up) replaces any stale one.
				$this->insert_value( '_transient_timeout_' . $name, $expires, true );
				return true;
			}
			$current = $wpdb->get_var( $wpdb->prepare( "SELECT option_value FROM {$wpdb->options} WHERE option_name = %s", '_transient_' . $name ) );
			if ( null === $current || (int) $current > time() ) {
				return false;
			}
			$wpdb->query( $wpdb->prepare( "DELETE FROM {$wpdb->options} WHERE option_name = %s AND option_value = %s", '_transient_' . $name, $current ) );
		}
		return false;
	}

	/**
	 * Gives a claim (or a counter) up, e.g. when the work it guarded failed and must be retried.
	 *
	 * @param string $key Claim name.
	 */
	public function release( string $key ): void {
		$name = self::name( $key );
		if ( wp_using_ext_object_cache() ) {
			wp_cache_delete( $name, self::GROUP );
			return;
		}
		$this->delete_rows( $name );
	}

	/**
	 * Deletes expired rows (the hourly push cron calls this; WordPress's daily transient
	 * clean-up would find them too, but only where WP-Cron runs it).
	 *
	 * @return int Counters removed.
	 */
	public function purge_expired(): int {
		global $wpdb;
		if ( wp_using_ext_object_cache() ) {
			return 0; // The cache expires its own keys.
		}
		$rows    = $wpdb->get_results(
			$wpdb->prepare(
				"SELECT option_name, option_value FROM {$wpdb->options} WHERE option_name LIKE %s LIMIT 5000",
				$wpdb->esc_like( '_transient_timeout_' . self::PREFIX ) . '%'
			),
			ARRAY_A
		);
		$removed = 0;
		foreach ( (array) $rows as $row ) {
			if ( (int) $row['option_value'] < time() ) { // Compared here: SQL casts differ between MySQL and SQLite.
				$this->delete_rows( substr( (string) $row['option_name'], strlen( '_transient_timeout_' ) ) );
				++$removed;
			}
		}
		return $removed;
	}

	/**
	 * The transient name of a key.
	 *
	 * @param string $key Counter name.
	 */
	private static function name( string $key ): string {
		return self::PREFIX . substr( hash( 'sha256', $key ), 0, 40 );
	}

	/**
	 * Creates the value and timeout rows unless they exist.
	 *
	 * @param string $name  Transient name.
	 * @param string $value Initial value.
	 * @param int    $ttl   Lifetime.
	 */
	private function insert_rows( string $name, string $value, int $ttl ): void {
		$this->insert_value( '_transient_timeout_' . $name, (string) ( time() + $ttl ) );
		$this->insert_value( '_transient_' . $name, $value );
	}

	/**
	 * One INSERT IGNORE (the unique option_name makes exactly one process win).
	 *
	 * @param string $option  Option name.
	 * @param string $value   Value.
	 * @param bool   $replace Overwrite an existing row (a timeout left by an expired claim).
	 * @return int Rows inserted (0 or 1).
	 */
	private function insert_value( string $option, string $value, bool $replace = false ): int {
		global $wpdb;
		if ( $replace ) {
			$wpdb->query( $wpdb->prepare( "DELETE FROM {$wpdb->options} WHERE option_name = %s", $option ) );
		}
		return AtomicOption::add( $option, $value ) ? 1 : 0;
	}

	/**
	 * The stored value of a transient name.
	 *
	 * @param string $name Transient name.
	 */
	private function read( string $name ): int {
		global $wpdb;
		return (int) $wpdb->get_var( $wpdb->prepare( "SELECT option_value FROM {$wpdb->options} WHERE option_name = %s", '_transient_' . $name ) );
	}

	/**
	 * Removes a counter's rows.
	 *
	 * @param string $name Transient name.
	 */
	private function delete_rows( string $name ): void {
		global $wpdb;
		$wpdb->query( $wpdb->prepare( "DELETE FROM {$wpdb->options} WHERE option_name IN (%s, %s)", '_transient_' . $name, '_transient_timeout_' . $name ) );
	}
}
