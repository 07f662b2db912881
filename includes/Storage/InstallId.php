<?php
/**
 * This installation's random id.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Storage;

defined( 'ABSPATH' ) || exit;

/**
 * A random id made once per installation (racing processes agree on one through AtomicOption),
 * never autoloaded and never derived from the site's address. What SyncWarden writes into a
 * shared calendar to recognise its own events carries it, so two sites exporting to one calendar
 * never take each other's booking 42 for their own.
 */
final class InstallId {

	public const OPTION = 'syncwarden_install_id';

	/**
	 * Ids already read, per options table (each site of a network has its own). Once stored the
	 * id never changes, so it is read from the database once per request, not on every hook.
	 *
	 * @var array<string, string>
	 */
	private static array $known = array();

	/**
	 * The id: 16 URL-safe characters.
	 */
	public static function get(): string {
		global $wpdb;
		if ( isset( self::$known[ $wpdb->options ] ) ) {
			return self::$known[ $wpdb->options ];
		}
		$id = self::stored();
		if ( null === $id ) {
			AtomicOption::add( self::OPTION, Base64Url::random( 12 ) );
			$id = self::stored();
		}
		if ( null === $id ) {
			throw new \RuntimeException( 'The installation id could not be stored.' );
		}
		self::$known[ $wpdb->options ] = $id;
		return $id;
	}

	/**
	 * Forgets the ids read in this request (the uninstaller deleted them).
	 */
	public static function forget(): void {
		self::$known = array();
	}

	/**
	 * A key unique across installations for one of this site's records, e.g. a booking id.
	 *
	 * @param int|string $local_id The record's id on this site.
	 */
	public static function scoped( int|string $local_id ): string {
		return self::get() . '-' . $local_id;
	}

	private static function stored(): ?string {
		global $wpdb;
		// Read past the options cache: a racing process may just have added it.
		$value = $wpdb->get_var( $wpdb->prepare( "SELECT option_value FROM {$wpdb->options} WHERE option_name = %s", self::OPTION ) );
		return is_string( $value ) && 1 === preg_match( '/^[A-Za-z0-9_-]{16}$/', $value ) ? $value : null;
	}
}
