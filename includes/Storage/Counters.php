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
 * `wp_cache_incr` are atomic). Without one they are rows of the plugin's own `counters` table
 * (name, value, expiry), not of `wp_options`: a flood from many addresses must neither grow the
 * options table nor slow every page's autoload query. Each row carries its expiry, every read
 * ignores expired rows, and purge_expired() deletes them with one `DELETE … WHERE expires_at < now`.
 *
 * The table is bounded (MAX_ROWS). A counter that would be new while it is full, even after the
 * expired rows are purged, is counted in one shared overflow counter instead: a flood spread
 * over more buckets than the table holds is then limited as one sender, and the table never
 * grows past its bound. Claims are only taken for verified or once-per-window work, so they
 * are exempt from the bound (refusing one would drop a genuine delivery as a replay).
 *
 * Keys are hashed: callers may use any text (an IP address, a signature) without it ever
 * appearing in the database.
 */
final class Counters {

	public const MAX_ROWS = 20000;
	private const GROUP   = 'syncwarden_counters';

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
		if ( ! $this->bump( $name ) ) {
			if ( ! $this->has_room() ) {
				$name = self::name( 'overflow|' . $ttl );
			}
			$this->insert( $name, 0, time() + $ttl ); // One of racing processes creates it.
			if ( ! $this->bump( $name ) ) {
				return 1;
			}
		}
		return $this->read( $name );
	}

	/**
	 * The current value (0 when the counter does not exist or has expired).
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
	 * One INSERT IGNORE decides the winner; an expired row is removed only if it still holds the
	 * expiry that was read (a compare-and-delete, as in Lock), so two processes can never both
	 * take over the same stale claim.
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
		$table = Schema::table( 'counters' );
		for ( $try = 0; $try < 2; $try++ ) {
			if ( 1 === $this->insert( $name, 1, time() + $ttl ) ) {
				return true;
			}
			// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- our own table.
			$expires = $wpdb->get_var( $wpdb->prepare( "SELECT expires_at FROM $table WHERE name = %s", $name ) );
			if ( null !== $expires && (int) $expires >= time() ) {
				return false;
			}
			// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- our own table.
			$wpdb->query( $wpdb->prepare( "DELETE FROM $table WHERE name = %s AND expires_at = %d", $name, (int) $expires ) );
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
		global $wpdb;
		$wpdb->delete( Schema::table( 'counters' ), array( 'name' => $name ) );
	}

	/**
	 * Deletes expired rows in one statement (the hourly push cron calls this, and a full table
	 * before it gives up a new counter).
	 *
	 * @return int Counters removed.
	 */
	public function purge_expired(): int {
		global $wpdb;
		if ( wp_using_ext_object_cache() ) {
			return 0; // The cache expires its own keys.
		}
		$table = Schema::table( 'counters' );
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- our own table.
		return (int) $wpdb->query( $wpdb->prepare( "DELETE FROM $table WHERE expires_at < %d", time() ) );
	}

	/**
	 * The stored name of a key.
	 *
	 * @param string $key Counter name.
	 */
	private static function name( string $key ): string {
		return substr( hash( 'sha256', $key ), 0, 40 );
	}

	/**
	 * Whether a new counter fits under the bound (expired rows are purged first when it looks full).
	 */
	private function has_room(): bool {
		global $wpdb;
		$table = Schema::table( 'counters' );
		$count = static fn(): int => (int) $wpdb->get_var( "SELECT COUNT(*) FROM $table" ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		return $count() < self::MAX_ROWS || ( $this->purge_expired() > 0 && $count() < self::MAX_ROWS );
	}

	/**
	 * Adds one to a live counter in one statement.
	 *
	 * @param string $name Stored name.
	 * @return bool Whether a live counter was there.
	 */
	private function bump( string $name ): bool {
		global $wpdb;
		$table = Schema::table( 'counters' );
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- our own table.
		return 1 === (int) $wpdb->query( $wpdb->prepare( "UPDATE $table SET value = value + 1 WHERE name = %s AND expires_at >= %d", $name, time() ) );
	}

	/**
	 * One INSERT IGNORE (the primary key makes exactly one process win), after removing an
	 * expired row of the same name.
	 *
	 * @param string $name    Stored name.
	 * @param int    $value   Initial value.
	 * @param int    $expires Expiry (Unix time).
	 * @return int Rows inserted (0 or 1).
	 */
	private function insert( string $name, int $value, int $expires ): int {
		global $wpdb;
		$table = Schema::table( 'counters' );
		// phpcs:disable WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- our own table.
		$wpdb->query( $wpdb->prepare( "DELETE FROM $table WHERE name = %s AND expires_at < %d", $name, time() ) );
		return (int) $wpdb->query( $wpdb->prepare( "INSERT IGNORE INTO $table (name, value, expires_at) VALUES (%s, %d, %d)", $name, $value, $expires ) );
		// phpcs:enable
	}

	/**
	 * The value of a live counter (0 when there is none).
	 *
	 * @param string $name Stored name.
	 */
	private function read( string $name ): int {
		global $wpdb;
		$table = Schema::table( 'counters' );
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- our own table.
		return (int) $wpdb->get_var( $wpdb->prepare( "SELECT value FROM $table WHERE name = %s AND expires_at >= %d", $name, time() ) );
	}
}
