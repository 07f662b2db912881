<?php
/**
 * Which copy of the site this is: a fingerprint a database search-replace cannot rewrite.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Storage;

defined( 'ABSPATH' ) || exit;

/**
 * Migration and staging tools rewrite every occurrence of the old address in the database,
 * serialized values included, so a stored address always "matches" on the copy. A keyed hash of
 * the address contains no address to rewrite: it is computed with a random id made once per
 * install (copied along with the database, so the copy computes a different hash for its
 * different address). The id is not secret from someone who can read the database; it only
 * keeps the fingerprint from being an unkeyed, guessable hash of a public URL.
 */
final class SiteIdentity {

	public const INSTALL_ID_OPTION = 'syncwarden_install_id';

	/**
	 * The install id, created on first use (one process wins a race; the others read its id).
	 */
	public static function install_id(): string {
		$id = get_option( self::INSTALL_ID_OPTION, '' );
		if ( is_string( $id ) && 64 === strlen( $id ) ) {
			return $id;
		}
		AtomicOption::add( self::INSTALL_ID_OPTION, bin2hex( random_bytes( 32 ) ) );
		return (string) get_option( self::INSTALL_ID_OPTION, '' );
	}

	/**
	 * The fingerprint of an address (default: this site's current one).
	 *
	 * @param string|null $url Address; null for home_url().
	 */
	public static function fingerprint( ?string $url = null ): string {
		return hash_hmac( 'sha256', 'site:' . strtolower( untrailingslashit( $url ?? home_url() ) ), self::install_id() );
	}

	/**
	 * Whether a stored fingerprint is this site's.
	 *
	 * @param string $stored Stored fingerprint.
	 */
	public static function is_this_site( string $stored ): bool {
		return '' !== $stored && hash_equals( self::fingerprint(), $stored );
	}
}
