<?php
/**
 * PKCE (RFC 7636) with S256 only.
 *
 * @package SyncWarden
 */

namespace SyncWarden\OAuth;

defined( 'ABSPATH' ) || exit;

/**
 * The verifier never leaves the server: only its S256 challenge goes into the authorize URL.
 */
final class Pkce {

	/**
	 * A fresh verifier: 64 characters from 48 CSPRNG bytes (RFC 7636 requires 43–128).
	 */
	public static function verifier(): string {
		return self::base64url( random_bytes( 48 ) );
	}

	/**
	 * S256 challenge for a verifier.
	 *
	 * @param string $verifier Verifier.
	 */
	public static function challenge( string $verifier ): string {
		return self::base64url( hash( 'sha256', $verifier, true ) );
	}

	/**
	 * URL-safe base64 without padding.
	 *
	 * @param string $bytes Binary.
	 */
	public static function base64url( string $bytes ): string {
		return rtrim( strtr( base64_encode( $bytes ), '+/', '-_' ), '=' );
	}
}
