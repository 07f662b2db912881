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
 * different address). The key is the installation's id (InstallId), which is no secret: it only
 * keeps the fingerprint from being an unkeyed hash of a public URL; what makes it hold is that a
 * search-replace finds no address in it.
 */
final class SiteIdentity {

	/**
	 * The fingerprint of an address (default: this site's current one).
	 *
	 * @param string|null $url Address; null for home_url().
	 */
	public static function fingerprint( ?string $url = null ): string {
		return hash_hmac( 'sha256', 'site:' . strtolower( untrailingslashit( $url ?? home_url() ) ), InstallId::get() );
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
