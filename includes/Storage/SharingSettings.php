<?php
/**
 * Per-connection allowlist of optional booking fields a provider may receive.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Storage;

defined( 'ABSPATH' ) || exit;

/**
 * One non-autoloaded option per connection. No entry means the minimal default: nothing optional.
 */
final class SharingSettings {

	private const PREFIX = 'syncwarden_sharing_';

	/**
	 * Allowed optional fields.
	 *
	 * @param int $connection_id Connection id.
	 * @return string[]
	 */
	public function allowed( int $connection_id ): array {
		$allowed = get_option( self::PREFIX . $connection_id, array() );
		return is_array( $allowed ) ? array_values( array_filter( $allowed, 'is_string' ) ) : array();
	}

	/**
	 * Saves the allowlist.
	 *
	 * @param int      $connection_id Connection id.
	 * @param string[] $allowed       Fields.
	 */
	public function save( int $connection_id, array $allowed ): void {
		update_option( self::PREFIX . $connection_id, array_values( array_unique( $allowed ) ), false );
	}

	/**
	 * Forgets a connection's settings.
	 *
	 * @param int $connection_id Connection id.
	 */
	public function delete( int $connection_id ): void {
		delete_option( self::PREFIX . $connection_id );
	}
}
