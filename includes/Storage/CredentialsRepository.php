<?php
/**
 * OAuth client credentials per provider.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Storage;

defined( 'ABSPATH' ) || exit;

/**
 * Storage decision: client credentials live in one non-autoloaded option per provider (five
 * small rows read only when an administrator works with them); connections, which are many and
 * queried by state, get their own table.
 *
 * Constants in wp-config.php (SYNCWARDEN_GOOGLE_CLIENT_ID / _CLIENT_SECRET, ...) take precedence
 * and make the stored values irrelevant. The client secret is only ever stored as a vault
 * envelope and only ever leaves this class through client_secret(), for the OAuth exchange.
 */
final class CredentialsRepository implements SecretHolder {

	public const SOURCE_CONSTANT = 'constant';
	public const SOURCE_DATABASE = 'database';
	public const SOURCE_NONE     = 'none';

	public const SECRET_SET        = 'set';
	public const SECRET_MISSING    = 'missing';
	public const SECRET_UNREADABLE = 'unreadable';

	private const OPTION_PREFIX = 'syncwarden_credentials_';

	/**
	 * Providers whose OAuth application has its own webhook signing key (Calendly generates one
	 * per OAuth app and signs every delivery of the app's subscriptions with it).
	 */
	public const SIGNING_KEY_PROVIDERS = array( 'calendly' );

	private const SIGNING_KEY = 'webhook_signing_key';

	/**
	 * Reads a wp-config constant by name; returns null when undefined.
	 *
	 * @var callable(string): ?string
	 */
	private $constant;

	/**
	 * Constructor.
	 *
	 * @param Vault         $vault     Encrypts the client secret.
	 * @param string[]      $providers Known provider ids.
	 * @param callable|null $constant  Constant reader (tests inject their own).
	 */
	public function __construct( private readonly Vault $vault, private readonly array $providers, ?callable $constant = null ) {
		$this->constant = $constant ?? static fn( string $name ): ?string => defined( $name ) ? (string) constant( $name ) : null;
	}

	/**
	 * What may be shown about a provider's credentials — never the secret.
	 *
	 * @param string $provider Provider id.
	 * @return array{source: string, client_id: ?string, client_secret: string, updated_at: ?int}
	 */
	public function describe( string $provider ): array {
		$constant_id = $this->constant_value( $provider, 'CLIENT_ID' );
		if ( null !== $constant_id ) {
			return array(
				'source'        => self::SOURCE_CONSTANT,
				'client_id'     => $constant_id,
				'client_secret' => null === $this->constant_value( $provider, 'CLIENT_SECRET' ) ? self::SECRET_MISSING : self::SECRET_SET,
				'updated_at'    => null,
			);
		}
		$stored = $this->stored( $provider );
		if ( null === $stored ) {
			return array(
				'source'        => self::SOURCE_NONE,
				'client_id'     => null,
				'client_secret' => self::SECRET_MISSING,
				'updated_at'    => null,
			);
		}
		return array(
			'source'        => self::SOURCE_DATABASE,
			'client_id'     => $stored['client_id'],
			'client_secret' => $this->secret_state( $provider, $stored['client_secret'] ),
			'updated_at'    => $stored['updated_at'],
		);
	}

	/**
	 * Whether wp-config.php defines this provider's credentials.
	 *
	 * @param string $provider Provider id.
	 */
	public function is_defined_in_config( string $provider ): bool {
		return null !== $this->constant_value( $provider, 'CLIENT_ID' );
	}

	/**
	 * Saves the client id and, when given, a new client secret (null keeps the stored one).
	 *
	 * @param string      $provider      Provider id.
	 * @param string      $client_id     Client id.
	 * @param string|null $client_secret New secret or null.
	 * @throws VaultException When the secret cannot be encrypted (nothing is stored then).
	 */
	public function save( string $provider, string $client_id, ?string $client_secret ): void {
		$stored   = $this->stored( $provider );
		$envelope = null === $client_secret
			? ( $stored['client_secret'] ?? null )
			: $this->vault->encrypt( $client_secret, self::context( $provider ) );
		// The rotation reminder counts from when the secret itself was entered, not the client id.
		$this->write( $provider, $client_id, $envelope, null, null === $client_secret ? ( $stored['secret_set_at'] ?? null ) : time() );
	}

	/**
	 * When the stored client secret was entered (rows from before this was recorded: their last
	 * save), or null when none is stored here (none, or one from wp-config.php, whose age SyncWarden
	 * cannot know).
	 *
	 * @param string $provider Provider id.
	 */
	public function secret_set_at( string $provider ): ?int {
		$stored = $this->stored( $provider );
		if ( null === $stored || null === $stored['client_secret'] || $this->is_defined_in_config( $provider ) ) {
			return null;
		}
		return $stored['secret_set_at'] ?? $stored['updated_at'];
	}

	/**
	 * When the stored signing key was entered, or null when none is stored here.
	 *
	 * @param string $provider Provider id.
	 */
	public function signing_key_set_at( string $provider ): ?int {
		$row = $this->signing_key_row( $provider );
		return null === $row || $this->signing_key_in_config( $provider ) ? null : $row['updated_at'];
	}

	/**
	 * Forgets the stored client secret, keeping the client id.
	 *
	 * @param string $provider Provider id.
	 */
	public function remove_secret( string $provider ): void {
		$stored = $this->stored( $provider );
		if ( null !== $stored ) {
			$this->write( $provider, $stored['client_id'], null, null, null );
		}
	}

	/**
	 * Forgets everything stored for the provider.
	 *
	 * @param string $provider Provider id.
	 */
	public function remove( string $provider ): void {
		delete_option( self::OPTION_PREFIX . $provider );
	}

	/**
	 * The client secret for the token exchange.
	 *
	 * @param string $provider Provider id.
	 * @throws VaultException When it is missing or cannot be decrypted.
	 */
	public function client_secret( string $provider ): string {
		$constant_secret = $this->constant_value( $provider, 'CLIENT_SECRET' );
		if ( null !== $this->constant_value( $provider, 'CLIENT_ID' ) && null !== $constant_secret ) {
			return $constant_secret;
		}
		$envelope = $this->stored( $provider )['client_secret'] ?? null;
		if ( null === $envelope ) {
			// phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain text for logs and JSON; escaped where shown as HTML.
			throw new VaultException( VaultException::MISSING, __( 'No client secret is configured for this provider.', 'syncwarden' ) );
		}
		return $this->vault->decrypt( $envelope, self::context( $provider ) );
	}

	/**
	 * What may be shown about the application's webhook signing key: where it comes from and
	 * whether it is usable — never the key.
	 *
	 * @param string $provider Provider id.
	 * @return array{source: string, state: string, updated_at: ?int}
	 */
	public function describe_signing_key( string $provider ): array {
		if ( null !== $this->constant_value( $provider, 'WEBHOOK_SIGNING_KEY' ) ) {
			return array(
				'source'     => self::SOURCE_CONSTANT,
				'state'      => self::SECRET_SET,
				'updated_at' => null,
			);
		}
		$row = $this->signing_key_row( $provider );
		return array(
			'source'     => null === $row ? self::SOURCE_NONE : self::SOURCE_DATABASE,
			'state'      => $this->secret_state( $provider, $row['envelope'] ?? null, self::SIGNING_KEY ),
			'updated_at' => $row['updated_at'] ?? null,
		);
	}

	/**
	 * The application's webhook signing key, for verifying deliveries; null when none is configured.
	 *
	 * @param string $provider Provider id.
	 * @throws VaultException When the stored key cannot be decrypted.
	 */
	public function webhook_signing_key( string $provider ): ?string {
		$constant = $this->constant_value( $provider, 'WEBHOOK_SIGNING_KEY' );
		if ( null !== $constant ) {
			return $constant;
		}
		$envelope = $this->signing_key_row( $provider )['envelope'] ?? null;
		return null === $envelope ? null : $this->vault->decrypt( $envelope, self::context( $provider, self::SIGNING_KEY ) );
	}

	/**
	 * Stores (encrypted) or, with null, forgets the application's webhook signing key.
	 *
	 * @param string      $provider Provider id.
	 * @param string|null $key      New key or null.
	 * @throws VaultException When the key cannot be encrypted (nothing is stored then).
	 */
	public function save_signing_key( string $provider, ?string $key ): void {
		if ( null === $key ) {
			delete_option( self::signing_key_option( $provider ) );
			return;
		}
		$this->write_signing_key( $provider, $this->vault->encrypt( $key, self::context( $provider, self::SIGNING_KEY ) ) );
	}

	/**
	 * Whether wp-config.php defines this provider's webhook signing key.
	 *
	 * @param string $provider Provider id.
	 */
	public function signing_key_in_config( string $provider ): bool {
		return null !== $this->constant_value( $provider, 'WEBHOOK_SIGNING_KEY' );
	}

	public function stored_secrets(): iterable {
		foreach ( $this->providers as $provider ) {
			$envelope = $this->stored( $provider )['client_secret'] ?? null;
			if ( null !== $envelope ) {
				yield array(
					'ref'      => $provider,
					'context'  => self::context( $provider ),
					'envelope' => $envelope,
				);
			}
			$key = $this->signing_key_row( $provider )['envelope'] ?? null;
			if ( null !== $key ) {
				yield array(
					'ref'      => $provider . ':' . self::SIGNING_KEY,
					'context'  => self::context( $provider, self::SIGNING_KEY ),
					'envelope' => $key,
				);
			}
		}
	}

	public function replace_secret( string $ref, string $envelope, string $expected ): bool {
		// Only an administrator changes these (never a background process): compared, not locked.
		if ( str_ends_with( $ref, ':' . self::SIGNING_KEY ) ) {
			$provider = substr( $ref, 0, -strlen( ':' . self::SIGNING_KEY ) );
			$row      = $this->signing_key_row( $provider );
			if ( null === $row || ! hash_equals( $expected, $row['envelope'] ) ) {
				return false;
			}
			$this->write_signing_key( $provider, $envelope, $row['updated_at'] );
			return true;
		}
		$stored = $this->stored( $ref );
		if ( null === $stored || ! hash_equals( $expected, (string) $stored['client_secret'] ) ) {
			return false;
		}
		// Re-encryption keeps the secret's age: it is the same secret under another key.
		$this->write( $ref, $stored['client_id'], $envelope, $stored['updated_at'], $stored['secret_set_at'] ?? null );
		return true;
	}

	/**
	 * Additional-data context binding a secret to its provider and field.
	 *
	 * @param string $provider Provider id.
	 * @param string $field    Which secret: client_secret or webhook_signing_key.
	 */
	public static function context( string $provider, string $field = 'client_secret' ): string {
		return 'credentials:' . $provider . ':' . $field;
	}

	private function secret_state( string $provider, ?string $envelope, string $field = 'client_secret' ): string {
		if ( null === $envelope ) {
			return self::SECRET_MISSING;
		}
		try {
			$this->vault->decrypt( $envelope, self::context( $provider, $field ) );
			return self::SECRET_SET;
		} catch ( VaultException $e ) {
			return self::SECRET_UNREADABLE;
		}
	}

	private function constant_value( string $provider, string $field ): ?string {
		$value = ( $this->constant )( 'SYNCWARDEN_' . strtoupper( $provider ) . '_' . $field );
		return null === $value || '' === $value ? null : $value;
	}

	/**
	 * Stored row, or null.
	 *
	 * @param string $provider Provider id.
	 * @return array{client_id: string, client_secret: ?string, updated_at: int, secret_set_at: ?int}|null
	 */
	private function stored( string $provider ): ?array {
		$row = get_option( self::OPTION_PREFIX . $provider, null );
		if ( ! is_array( $row ) || ! isset( $row['client_id'] ) ) {
			return null;
		}
		return array(
			'client_id'     => (string) $row['client_id'],
			'client_secret' => isset( $row['client_secret'] ) ? (string) $row['client_secret'] : null,
			'updated_at'    => (int) ( $row['updated_at'] ?? 0 ),
			'secret_set_at' => isset( $row['secret_set_at'] ) ? (int) $row['secret_set_at'] : null,
		);
	}

	private static function signing_key_option( string $provider ): string {
		return self::OPTION_PREFIX . $provider . '_' . self::SIGNING_KEY;
	}

	/**
	 * Stored signing key row, or null.
	 *
	 * @param string $provider Provider id.
	 * @return array{envelope: string, updated_at: int}|null
	 */
	private function signing_key_row( string $provider ): ?array {
		$row = get_option( self::signing_key_option( $provider ), null );
		return is_array( $row ) && is_string( $row['envelope'] ?? null ) ? array(
			'envelope'   => $row['envelope'],
			'updated_at' => (int) ( $row['updated_at'] ?? 0 ),
		) : null;
	}

	private function write_signing_key( string $provider, string $envelope, ?int $updated_at = null ): void {
		update_option(
			self::signing_key_option( $provider ),
			array(
				'envelope'   => $envelope,
				'updated_at' => $updated_at ?? time(),
			),
			false
		);
	}

	private function write( string $provider, string $client_id, ?string $envelope, ?int $updated_at, ?int $secret_set_at ): void {
		update_option(
			self::OPTION_PREFIX . $provider,
			array(
				'client_id'     => $client_id,
				'client_secret' => $envelope,
				'updated_at'    => $updated_at ?? time(),
				'secret_set_at' => null === $envelope ? null : $secret_set_at,
			),
			false
		);
	}
}
