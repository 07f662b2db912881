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
		$this->write( $provider, $client_id, $envelope );
	}

	/**
	 * Forgets the stored client secret, keeping the client id.
	 *
	 * @param string $provider Provider id.
	 */
	public function remove_secret( string $provider ): void {
		$stored = $this->stored( $provider );
		if ( null !== $stored ) {
			$this->write( $provider, $stored['client_id'], null );
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
			throw new VaultException( VaultException::MISSING, __( 'No client secret is configured for this provider.', 'syncwarden' ) );
		}
		return $this->vault->decrypt( $envelope, self::context( $provider ) );
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
		}
	}

	public function replace_secret( string $ref, string $envelope ): void {
		$stored = $this->stored( $ref );
		if ( null !== $stored ) {
			$this->write( $ref, $stored['client_id'], $envelope, $stored['updated_at'] );
		}
	}

	/**
	 * Additional-data context binding a secret to its provider and field.
	 *
	 * @param string $provider Provider id.
	 */
	public static function context( string $provider ): string {
		return 'credentials:' . $provider . ':client_secret';
	}

	private function secret_state( string $provider, ?string $envelope ): string {
		if ( null === $envelope ) {
			return self::SECRET_MISSING;
		}
		try {
			$this->vault->decrypt( $envelope, self::context( $provider ) );
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
	 * @return array{client_id: string, client_secret: ?string, updated_at: int}|null
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
		);
	}

	private function write( string $provider, string $client_id, ?string $envelope, ?int $updated_at = null ): void {
		update_option(
			self::OPTION_PREFIX . $provider,
			array(
				'client_id'     => $client_id,
				'client_secret' => $envelope,
				'updated_at'    => $updated_at ?? time(),
			),
			false
		);
	}
}
