<?php
/**
 * The encryption keys SyncWarden may use, all from wp-config.php — never from the database.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Storage;

defined( 'ABSPATH' ) || exit;

/**
 * Current key: SYNCWARDEN_ENCRYPTION_KEY (32 random bytes, base64) when defined; otherwise derived
 * with HKDF from the eight WordPress secret keys and salts. Previous keys
 * (SYNCWARDEN_ENCRYPTION_KEY_PREVIOUS, plus the salts-derived key once a constant replaces it) can
 * still decrypt, so a key change never strands existing secrets. No key material, no fallback:
 * without usable material the ring is empty and the vault refuses to store anything.
 */
final class KeyRing {

	public const SOURCE_CONSTANT = 'constant';
	public const SOURCE_SALTS    = 'salts';
	public const SOURCE_NONE     = 'none';

	public const SALT_NAMES = array( 'AUTH_KEY', 'SECURE_AUTH_KEY', 'LOGGED_IN_KEY', 'NONCE_KEY', 'AUTH_SALT', 'SECURE_AUTH_SALT', 'LOGGED_IN_SALT', 'NONCE_SALT' );

	private const KEY_BYTES = 32;

	/**
	 * Current key id, or null when there is no usable key.
	 *
	 * @var string|null
	 */
	private ?string $current_id = null;

	/**
	 * All usable keys by id (current first).
	 *
	 * @var array<string, string>
	 */
	private array $keys = array();

	/**
	 * Problems an administrator must fix in wp-config.php.
	 *
	 * @var string[]
	 */
	private array $config_errors = array();

	/**
	 * Source of the current key.
	 *
	 * @var string
	 */
	private string $source = self::SOURCE_NONE;

	/**
	 * Builds the ring from raw configuration values (tests pass their own).
	 *
	 * @param string|null          $constant_key SYNCWARDEN_ENCRYPTION_KEY value, null if undefined.
	 * @param string|string[]|null $previous     SYNCWARDEN_ENCRYPTION_KEY_PREVIOUS value(s).
	 * @param array<string, mixed> $salts        The eight WordPress keys/salts by name.
	 */
	public function __construct( ?string $constant_key, string|array|null $previous, array $salts ) {
		$derived = self::derive_from_salts( $salts );
		if ( null !== $constant_key ) {
			$key = self::decode_key( $constant_key );
			if ( null === $key ) {
				// Fail closed: a broken constant must not silently fall back to the salts.
				$this->config_errors[] = __( 'SYNCWARDEN_ENCRYPTION_KEY in wp-config.php is not 32 random bytes encoded as base64, so SyncWarden cannot store or read secrets.', 'syncwarden' );
			} else {
				$this->set_current( $key, self::SOURCE_CONSTANT );
			}
		} elseif ( null !== $derived ) {
			$this->set_current( $derived, self::SOURCE_SALTS );
		} else {
			$this->config_errors[] = __( 'wp-config.php defines neither SYNCWARDEN_ENCRYPTION_KEY nor unique WordPress secret keys and salts, so SyncWarden has no encryption key and will not store secrets.', 'syncwarden' );
		}
		foreach ( self::previous_values( $previous ) as $index => $value ) {
			$key = self::decode_key( $value );
			if ( null === $key ) {
				/* translators: %d: position of the key in the list, starting at 1. */
				$this->config_errors[] = sprintf( __( 'Entry %d of SYNCWARDEN_ENCRYPTION_KEY_PREVIOUS is not a base64-encoded 32-byte key and is ignored.', 'syncwarden' ), $index + 1 );
				continue;
			}
			$this->add( $key );
		}
		// Secrets written before a constant key was added stay readable until re-encrypted.
		if ( null !== $derived && self::SOURCE_CONSTANT === $this->source ) {
			$this->add( $derived );
		}
	}

	/**
	 * The ring as wp-config.php defines it.
	 */
	public static function from_wp_config(): self {
		$salts = array();
		foreach ( self::SALT_NAMES as $name ) {
			$salts[ $name ] = defined( $name ) ? constant( $name ) : null;
		}
		return new self(
			defined( 'SYNCWARDEN_ENCRYPTION_KEY' ) ? (string) SYNCWARDEN_ENCRYPTION_KEY : null,
			defined( 'SYNCWARDEN_ENCRYPTION_KEY_PREVIOUS' ) ? SYNCWARDEN_ENCRYPTION_KEY_PREVIOUS : null,
			$salts
		);
	}

	/**
	 * Id of the key new secrets are encrypted with, or null (fail closed).
	 */
	public function current_id(): ?string {
		return $this->current_id;
	}

	/**
	 * The current key.
	 *
	 * @throws VaultException When there is none.
	 */
	public function current_key(): string {
		if ( null === $this->current_id ) {
			// phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain text for logs and JSON; escaped where shown as HTML.
			throw new VaultException( VaultException::NO_KEY, $this->config_errors[0] ?? __( 'SyncWarden has no encryption key.', 'syncwarden' ) );
		}
		return $this->keys[ $this->current_id ];
	}

	/**
	 * A key by id, or null when this site does not have it.
	 *
	 * @param string $id Key id from an envelope.
	 */
	public function key( string $id ): ?string {
		return $this->keys[ $id ] ?? null;
	}

	/**
	 * Where the current key comes from: constant, salts or none.
	 */
	public function source(): string {
		return $this->source;
	}

	/**
	 * Number of keys that can decrypt but are not current.
	 */
	public function previous_count(): int {
		return count( $this->keys ) - ( null === $this->current_id ? 0 : 1 );
	}

	/**
	 * Configuration problems, in administrator words.
	 *
	 * @return string[]
	 */
	public function config_errors(): array {
		return $this->config_errors;
	}

	/**
	 * Key id: a keyed hash of the key, safe to store and show (it reveals nothing about the key).
	 *
	 * @param string $key Raw key.
	 */
	public static function id_of( string $key ): string {
		return substr( hash_hmac( 'sha256', 'syncwarden key id v1', $key ), 0, 16 );
	}

	/**
	 * Sets the current key.
	 *
	 * @param string $key    Raw key.
	 * @param string $source Source constant.
	 */
	private function set_current( string $key, string $source ): void {
		$this->current_id = self::id_of( $key );
		$this->source     = $source;
		$this->add( $key );
	}

	/**
	 * Adds a decrypt-only key (no-op for duplicates).
	 *
	 * @param string $key Raw key.
	 */
	private function add( string $key ): void {
		$this->keys += array( self::id_of( $key ) => $key );
	}

	/**
	 * Raw 32-byte key from base64, or null when it is not one.
	 *
	 * @param string $value Configured value.
	 */
	private static function decode_key( string $value ): ?string {
		$key = base64_decode( trim( $value ), true );
		return false !== $key && self::KEY_BYTES === strlen( $key ) ? $key : null;
	}

	/**
	 * Previous keys: an array, or one string separated by commas/whitespace.
	 *
	 * @param string|string[]|null $previous Configured value.
	 * @return string[]
	 */
	private static function previous_values( string|array|null $previous ): array {
		if ( null === $previous ) {
			return array();
		}
		$values = is_array( $previous ) ? $previous : preg_split( '/[\s,]+/', $previous );
		return array_values( array_filter( array_map( 'strval', (array) $values ), 'strlen' ) );
	}

	/**
	 * HKDF over the WordPress keys and salts, or null when any is missing, empty or the sample value.
	 *
	 * @param array<string, mixed> $salts Values by name.
	 */
	private static function derive_from_salts( array $salts ): ?string {
		$material = '';
		foreach ( self::SALT_NAMES as $name ) {
			$value = $salts[ $name ] ?? null;
			if ( ! is_string( $value ) || strlen( $value ) < 32 || 'put your unique phrase here' === $value ) {
				return null;
			}
			$material .= $name . '=' . $value . "\n";
		}
		return hash_hkdf( 'sha256', $material, self::KEY_BYTES, 'syncwarden vault key v1' );
	}
}
