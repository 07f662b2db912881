<?php
/**
 * PKCE (RFC 7636) with S256 only.
 *
 * @package SyncWarden
 */

namespace SyncWarden\OAuth;

use SyncWarden\Storage\Base64Url;

defined( 'ABSPATH' ) || exit;

/**
 * The verifier never leaves the server: only its S256 challenge goes into the authorize URL.
 */
final class Pkce {

	/**
	 * A fresh verifier: 64 characters from 48 CSPRNG bytes (RFC 7636 requires 43–128).
	 */
	public static function verifier(): string {
		return Base64Url::random( 48 );
	}

	/**
	 * S256 challenge for a verifier.
	 *
	 * @param string $verifier Verifier.
	 */
	public static function challenge( string $verifier ): string {
		return Base64Url::encode( hash( 'sha256', $verifier, true ) );
	}
}
