<?php
/**
 * URL-safe base64 without padding (RFC 4648 section 5).
 *
 * @package SyncWarden
 */

namespace SyncWarden\Storage;

defined( 'ABSPATH' ) || exit;

/**
 * One implementation for the vault's envelopes, PKCE verifiers and challenges, OAuth states and
 * the push subscription secrets.
 */
final class Base64Url {

	/**
	 * Encodes bytes.
	 *
	 * @param string $binary Bytes.
	 */
	public static function encode( string $binary ): string {
		return rtrim( strtr( base64_encode( $binary ), '+/', '-_' ), '=' );
	}

	/**
	 * Decodes text, or null when it is not strict base64url.
	 *
	 * @param string $text Text.
	 */
	public static function decode( string $text ): ?string {
		if ( ! preg_match( '/^[A-Za-z0-9_-]+$/', $text ) ) {
			return null;
		}
		$binary = base64_decode( strtr( $text, '-_', '+/' ), true );
		return false === $binary ? null : $binary;
	}

	/**
	 * `$bytes` random bytes, encoded: a secret every provider accepts in a URL or header.
	 *
	 * @param int $bytes Number of random bytes.
	 */
	public static function random( int $bytes ): string {
		return self::encode( random_bytes( $bytes ) );
	}
}
