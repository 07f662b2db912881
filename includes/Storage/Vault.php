<?php
/**
 * The one way any SyncWarden secret is encrypted or decrypted.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Storage;

defined( 'ABSPATH' ) || exit;

/**
 * XChaCha20-Poly1305 (IETF AEAD) with a fresh random nonce per write.
 *
 * Envelope: `sw1$<key id>$<base64url(nonce || ciphertext)>`. The additional data binds each
 * ciphertext to the format version, the key id, the site (multisite) and a context naming its
 * row and field (e.g. `credentials:google:client_secret`), so a ciphertext copied elsewhere fails.
 * Works the same on native ext-sodium and on WordPress's bundled sodium_compat.
 */
final class Vault {

	public const BACKEND_AUTO   = 'auto';
	public const BACKEND_COMPAT = 'compat';

	private const VERSION     = 'sw1';
	private const NONCE_BYTES = 24;

	/**
	 * Constructor.
	 *
	 * @param KeyRing $keys    Usable keys.
	 * @param string  $backend BACKEND_AUTO (native when available) or BACKEND_COMPAT (pure PHP,
	 *                         as on hosts without ext-sodium; used by interop tests and benchmarks).
	 */
	public function __construct( private readonly KeyRing $keys, private readonly string $backend = self::BACKEND_AUTO ) {
	}

	/**
	 * Encrypts a secret for one place.
	 *
	 * @param string $plaintext Secret.
	 * @param string $context   Where it will be stored, e.g. credentials:google:client_secret.
	 * @throws VaultException NO_KEY when no usable key exists (fail closed).
	 */
	public function encrypt( string $plaintext, string $context ): string {
		$key   = $this->keys->current_key();
		$id    = (string) $this->keys->current_id();
		$nonce = random_bytes( self::NONCE_BYTES );
		$box   = $this->seal( $plaintext, self::additional_data( $id, $context ), $nonce, $key );
		return self::VERSION . '$' . $id . '$' . self::base64url_encode( $nonce . $box );
	}

	/**
	 * Decrypts an envelope written for the same context.
	 *
	 * @param string $envelope Stored value.
	 * @param string $context  Where it was read from.
	 * @throws VaultException MALFORMED, KEY_UNAVAILABLE or TAMPERED.
	 */
	public function decrypt( string $envelope, string $context ): string {
		[ $id, $payload ] = self::parse( $envelope );
		$key              = $this->keys->key( $id );
		if ( null === $key ) {
			// phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain text for logs and JSON; escaped where shown as HTML.
			throw new VaultException( VaultException::KEY_UNAVAILABLE, __( 'This secret was encrypted with a key this site no longer has (the encryption key or the WordPress salts changed).', 'syncwarden' ) );
		}
		$plaintext = false;
		if ( strlen( $payload ) > self::NONCE_BYTES ) {
			$plaintext = $this->open( substr( $payload, self::NONCE_BYTES ), self::additional_data( $id, $context ), substr( $payload, 0, self::NONCE_BYTES ), $key );
		}
		if ( false === $plaintext ) {
			// phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain text for logs and JSON; escaped where shown as HTML.
			throw new VaultException( VaultException::TAMPERED, __( 'A stored secret failed its integrity check: it was altered or copied from elsewhere.', 'syncwarden' ) );
		}
		return $plaintext;
	}

	/**
	 * Whether the envelope was written with a previous key this site still has, so
	 * re-encryption can move it to the current key.
	 *
	 * @param string $envelope Stored value.
	 */
	public function needs_reencrypt( string $envelope ): bool {
		try {
			$id = self::parse( $envelope )[0];
		} catch ( VaultException $e ) {
			return false;
		}
		return $id !== $this->keys->current_id() && null !== $this->keys->key( $id );
	}

	/**
	 * Decrypts with whatever key the envelope names and encrypts with the current key.
	 *
	 * @param string $envelope Stored value.
	 * @param string $context  Its context.
	 * @throws VaultException When it cannot be read or no current key exists.
	 */
	public function reencrypt( string $envelope, string $context ): string {
		return $this->encrypt( $this->decrypt( $envelope, $context ), $context );
	}

	/**
	 * Key id and binary payload of an envelope.
	 *
	 * @param string $envelope Stored value.
	 * @return array{0: string, 1: string}
	 * @throws VaultException MALFORMED.
	 */
	private static function parse( string $envelope ): array {
		$parts   = explode( '$', $envelope );
		$payload = 3 === count( $parts ) && self::VERSION === $parts[0] && preg_match( '/^[0-9a-f]{16}$/', $parts[1] ) ? self::base64url_decode( $parts[2] ) : null;
		if ( null === $payload ) {
			// phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain text for logs and JSON; escaped where shown as HTML.
			throw new VaultException( VaultException::MALFORMED, __( 'A stored secret is not in SyncWarden’s encrypted format.', 'syncwarden' ) );
		}
		return array( $parts[1], $payload );
	}

	private static function additional_data( string $key_id, string $context ): string {
		return 'syncwarden|' . self::VERSION . '|' . $key_id . '|site:' . get_current_blog_id() . '|' . $context;
	}

	private function seal( string $plaintext, string $aad, string $nonce, string $key ): string {
		return $this->call_sodium( 'crypto_aead_xchacha20poly1305_ietf_encrypt', $plaintext, $aad, $nonce, $key );
	}

	/**
	 * Opens a box; false when authentication fails.
	 */
	private function open( string $box, string $aad, string $nonce, string $key ): string|false {
		try {
			return $this->call_sodium( 'crypto_aead_xchacha20poly1305_ietf_decrypt', $box, $aad, $nonce, $key );
		} catch ( \SodiumException $e ) {
			return false; // sodium_compat throws where ext-sodium returns false.
		}
	}

	/**
	 * Native sodium_* function, or sodium_compat forced onto its pure-PHP code path (it would
	 * otherwise hand the call to ext-sodium when that is loaded).
	 *
	 * @param string $operation Function name without the sodium_ prefix.
	 * @param string ...$args   Arguments.
	 * @return mixed
	 */
	private function call_sodium( string $operation, string ...$args ) {
		if ( self::BACKEND_COMPAT !== $this->backend ) {
			return ( 'sodium_' . $operation )( ...$args );
		}
		if ( ! class_exists( 'ParagonIE_Sodium_Compat' ) ) {
			// WordPress loads its bundled copy only when ext-sodium is missing.
			require_once ABSPATH . WPINC . '/sodium_compat/autoload.php';
		}
		$previous = \ParagonIE_Sodium_Compat::$disableFallbackForUnitTests;
		\ParagonIE_Sodium_Compat::$disableFallbackForUnitTests = true;
		try {
			return \ParagonIE_Sodium_Compat::$operation( ...$args );
		} finally {
			\ParagonIE_Sodium_Compat::$disableFallbackForUnitTests = $previous;
		}
	}

	private static function base64url_encode( string $binary ): string {
		return rtrim( strtr( base64_encode( $binary ), '+/', '-_' ), '=' );
	}

	private static function base64url_decode( string $text ): ?string {
		if ( ! preg_match( '/^[A-Za-z0-9_-]+$/', $text ) ) {
			return null;
		}
		$binary = base64_decode( strtr( $text, '-_', '+/' ), true );
		return false === $binary ? null : $binary;
	}
}
