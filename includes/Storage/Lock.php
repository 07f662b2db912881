<?php
/**
 * A lock that works between PHP processes, on MySQL/MariaDB and on SQLite.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Storage;

defined( 'ABSPATH' ) || exit;

/**
 * Acquisition is one INSERT IGNORE into the options table (the unique option_name makes exactly
 * one process win). The row holds the holder's random token and an expiry, so a crashed holder
 * blocks others only until the expiry, and release deletes only the holder's own row.
 */
final class Lock {

	private const PREFIX = 'syncwarden_lock_';

	/**
	 * Token of each lock this process holds.
	 *
	 * @var array<string, string>
	 */
	private array $held = array();

	/**
	 * Tries to take a lock.
	 *
	 * @param string $name Lock name.
	 * @param int    $ttl  Seconds before a crashed holder's lock may be taken over.
	 */
	public function acquire( string $name, int $ttl = 30 ): bool {
		global $wpdb;
		$option = self::PREFIX . $name;
		$value  = ( time() + $ttl ) . ':' . bin2hex( random_bytes( 16 ) );
		for ( $try = 0; $try < 2; $try++ ) {
			$inserted = $wpdb->query( $wpdb->prepare( "INSERT IGNORE INTO {$wpdb->options} (option_name, option_value, autoload) VALUES (%s, %s, 'no')", $option, $value ) );
			if ( 1 === $inserted ) {
				$this->held[ $name ] = $value;
				wp_cache_delete( $option, 'options' );
				return true;
			}
			$current = $wpdb->get_var( $wpdb->prepare( "SELECT option_value FROM {$wpdb->options} WHERE option_name = %s", $option ) );
			if ( ! is_string( $current ) || (int) $current > time() ) {
				return false;
			}
			// Expired: remove exactly that stale value; if another process beat us, the insert fails.
			$wpdb->query( $wpdb->prepare( "DELETE FROM {$wpdb->options} WHERE option_name = %s AND option_value = %s", $option, $current ) );
		}
		return false;
	}

	/**
	 * Releases a lock this process holds.
	 *
	 * @param string $name Lock name.
	 */
	public function release( string $name ): void {
		global $wpdb;
		if ( isset( $this->held[ $name ] ) ) {
			$wpdb->query( $wpdb->prepare( "DELETE FROM {$wpdb->options} WHERE option_name = %s AND option_value = %s", self::PREFIX . $name, $this->held[ $name ] ) );
			unset( $this->held[ $name ] );
		}
	}

	/**
	 * Pushes the expiry of a lock this process still holds to `$ttl` seconds from now (before each
	 * step of long work). False when the lock was lost (it expired and another process took it):
	 * the caller must stop.
	 *
	 * @param string $name Lock name.
	 * @param int    $ttl  Seconds from now.
	 */
	public function extend( string $name, int $ttl ): bool {
		global $wpdb;
		if ( ! isset( $this->held[ $name ] ) ) {
			return false;
		}
		$value = ( time() + $ttl ) . ':' . substr( $this->held[ $name ], strpos( $this->held[ $name ], ':' ) + 1 );
		if ( $value === $this->held[ $name ] ) {
			return true; // Within the same second: nothing to change (and MySQL would count 0 rows).
		}
		$updated = $wpdb->query( $wpdb->prepare( "UPDATE {$wpdb->options} SET option_value = %s WHERE option_name = %s AND option_value = %s", $value, self::PREFIX . $name, $this->held[ $name ] ) );
		if ( 1 !== $updated ) {
			unset( $this->held[ $name ] );
			return false;
		}
		$this->held[ $name ] = $value;
		wp_cache_delete( self::PREFIX . $name, 'options' );
		return true;
	}

	/**
	 * Runs `$task` holding the lock; waits up to `$wait` seconds for it.
	 *
	 * @param string   $name Lock name.
	 * @param callable $task Work to do.
	 * @param float    $wait Seconds to wait for the lock.
	 * @param int      $ttl  Lock expiry.
	 * @return array{acquired: bool, result: mixed}
	 */
	public function with( string $name, callable $task, float $wait = 10.0, int $ttl = 30 ): array {
		$deadline = microtime( true ) + $wait;
		while ( ! $this->acquire( $name, $ttl ) ) {
			if ( microtime( true ) >= $deadline ) {
				return array(
					'acquired' => false,
					'result'   => null,
				);
			}
			usleep( 100000 );
		}
		try {
			return array(
				'acquired' => true,
				'result'   => $task(),
			);
		} finally {
			$this->release( $name );
		}
	}
}
