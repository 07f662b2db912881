<?php
/**
 * Connections: one row per connected provider account, tokens only as vault envelopes.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Storage;

defined( 'ABSPATH' ) || exit;

/**
 * Rows never leave this class with tokens in them: find()/all() return the public fields, and
 * tokens() is the single decrypting read, used by the token service.
 */
final class ConnectionsRepository implements SecretHolder {

	public const STATUS_CONNECTED        = 'connected';
	public const STATUS_RECONNECT_NEEDED = 'reconnect_needed';

	private const TOKEN_FIELDS = array( 'access_token', 'refresh_token' );

	/**
	 * Constructor.
	 *
	 * @param Vault $vault Encrypts tokens.
	 */
	public function __construct( private readonly Vault $vault ) {
	}

	/**
	 * Stores a new connection with its tokens. The tokens' additional data needs the row id, so
	 * the row is inserted first and removed again if its tokens cannot be stored. (No explicit
	 * transaction: callers and tests may already be inside one, and MySQL would commit it.)
	 *
	 * @param array $connection Public fields: provider, features, requested_scopes, granted_scopes,
	 *                          account_label, token_endpoint, api_base.
	 * @param array $tokens     access_token, refresh_token (nullable), expires_at (nullable).
	 * @return int New id.
	 * @throws VaultException When tokens cannot be encrypted (nothing is stored then).
	 */
	public function create( array $connection, array $tokens ): int {
		global $wpdb;
		$inserted = $wpdb->insert(
			Schema::table( 'connections' ),
			array(
				'provider'         => $connection['provider'],
				'status'           => self::STATUS_CONNECTED,
				'account_label'    => mb_substr( (string) $connection['account_label'], 0, 255 ),
				'features'         => implode( ',', $connection['features'] ),
				'requested_scopes' => implode( ' ', $connection['requested_scopes'] ),
				'granted_scopes'   => implode( ' ', $connection['granted_scopes'] ),
				'token_endpoint'   => $connection['token_endpoint'],
				'api_base'         => $connection['api_base'],
				'home_url'         => home_url(),
				'site_key'         => SiteIdentity::fingerprint(),
				'created_by'       => get_current_user_id(),
				'created_at'       => time(),
				'last_refreshed_at' => time(),
			)
		);
		$id = (int) $wpdb->insert_id;
		try {
			if ( ! $inserted || ! $id ) {
				throw new \RuntimeException( 'Could not store the connection.' );
			}
			$this->save_tokens( $id, $tokens['access_token'], $tokens['refresh_token'], $tokens['expires_at'] );
		} catch ( \Throwable $e ) {
			$this->delete( $id );
			throw $e;
		}
		return $id;
	}

	/**
	 * Moves a new grant (`$from`, just stored) into an existing connection of the same account,
	 * which keeps its id and so its bookings, links and settings; `$from` is removed. The tokens
	 * are re-encrypted under `$keep`'s additional data.
	 *
	 * @param int $keep The existing connection.
	 * @param int $from The new connection holding the new grant.
	 * @throws VaultException When the new tokens cannot be read or stored.
	 */
	public function adopt_grant( int $keep, int $from ): void {
		global $wpdb;
		$row    = $this->row( $from );
		$tokens = $this->tokens( $from );
		if ( null === $row ) {
			return;
		}
		$fields = array( 'features', 'requested_scopes', 'granted_scopes', 'token_endpoint', 'api_base', 'account_label', 'account_ref', 'home_url', 'created_by' );
		$wpdb->update(
			Schema::table( 'connections' ),
			array_intersect_key( $row, array_flip( $fields ) ) + array(
				'status'               => self::STATUS_CONNECTED,
				'last_error_kind'      => $row['last_error_kind'],
				'last_error'           => $row['last_error'],
				'consecutive_failures' => (int) $row['consecutive_failures'],
				'refresh_token'        => null, // A grant without one must not keep the replaced grant's.
			),
			array( 'id' => $keep )
		);
		$this->save_tokens( $keep, (string) $tokens['access_token'], $tokens['refresh_token'], $tokens['expires_at'] );
		$this->delete( $from );
	}

	/**
	 * Replaces the tokens (a rotated refresh token is written together with the new access token).
	 *
	 * @param int         $id            Connection id.
	 * @param string      $access_token  Access token.
	 * @param string|null $refresh_token New refresh token, or null to keep the stored one.
	 * @param int|null    $expires_at    Access token expiry (Unix time).
	 */
	public function save_tokens( int $id, string $access_token, ?string $refresh_token, ?int $expires_at ): void {
		global $wpdb;
		$fields = array(
			'access_token'      => $this->vault->encrypt( $access_token, self::context( $id, 'access_token' ) ),
			'access_expires_at' => $expires_at,
			'last_refreshed_at' => time(),
		);
		if ( null !== $refresh_token ) {
			$fields['refresh_token'] = $this->vault->encrypt( $refresh_token, self::context( $id, 'refresh_token' ) );
		}
		$wpdb->update( Schema::table( 'connections' ), $fields, array( 'id' => $id ) );
	}

	/**
	 * Decrypted tokens for the token service.
	 *
	 * @param int $id Connection id.
	 * @return array{access_token: ?string, refresh_token: ?string, expires_at: ?int}
	 * @throws VaultException When a stored token cannot be decrypted.
	 */
	public function tokens( int $id ): array {
		$row = $this->row( $id );
		if ( null === $row ) {
			// phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain text for logs and JSON; escaped where shown as HTML.
			throw new VaultException( VaultException::MISSING, __( 'This connection no longer exists.', 'syncwarden' ) );
		}
		$tokens = array( 'expires_at' => null === $row['access_expires_at'] ? null : (int) $row['access_expires_at'] );
		foreach ( self::TOKEN_FIELDS as $field ) {
			$tokens[ $field ] = null === $row[ $field ] ? null : $this->vault->decrypt( $row[ $field ], self::context( $id, $field ) );
		}
		return $tokens;
	}

	/**
	 * Records the outcome of a call: healthy resets the failure counter.
	 *
	 * @param int    $id     Connection id.
	 * @param string $status New status.
	 * @param string $kind   Error kind ('' when healthy).
	 * @param string $error  Redacted error message ('' when healthy).
	 */
	public function record_health( int $id, string $status, string $kind = '', string $error = '' ): void {
		global $wpdb;
		$table = Schema::table( 'connections' );
		$wpdb->query(
			$wpdb->prepare(
				"UPDATE %i SET status = %s, last_error_kind = %s, last_error = %s, consecutive_failures = CASE WHEN %s = '' THEN 0 ELSE consecutive_failures + 1 END WHERE id = %d",
				$table,
				$status,
				$kind,
				mb_substr( $error, 0, 255 ),
				$kind,
				$id
			)
		);
		/**
		 * Fires after a connection's health was recorded (notices and alert e-mails listen).
		 *
		 * @param int $id Connection id.
		 */
		do_action( 'syncwarden_connection_health_recorded', $id );
	}

	/**
	 * Updates the account label shown to administrators and the provider's id for the account.
	 *
	 * @param int    $id    Connection id.
	 * @param string $label Account label.
	 * @param string $ref   Provider's account reference ('' when it needs none).
	 */
	public function set_account( int $id, string $label, string $ref ): void {
		global $wpdb;
		$wpdb->update(
			Schema::table( 'connections' ),
			array(
				'account_label' => mb_substr( $label, 0, 255 ),
				'account_ref'   => mb_substr( $ref, 0, 255 ),
			),
			array( 'id' => $id )
		);
	}

	/**
	 * Records this site as the connection's home (the administrator confirmed that this is the
	 * live site, not a copy). The address is kept for display only; the fingerprint decides.
	 *
	 * @param int $id Connection id.
	 */
	public function confirm_home( int $id ): void {
		global $wpdb;
		$wpdb->update(
			Schema::table( 'connections' ),
			array(
				'home_url' => home_url(),
				'site_key' => SiteIdentity::fingerprint(),
			),
			array( 'id' => $id )
		);
	}

	/**
	 * Deletes a connection and its tokens.
	 *
	 * @param int $id Connection id.
	 */
	public function delete( int $id ): void {
		global $wpdb;
		$wpdb->delete( Schema::table( 'connections' ), array( 'id' => $id ) );
		/**
		 * Fires after a connection and its tokens were deleted (its settings go with it).
		 *
		 * @param int $id Connection id.
		 */
		do_action( 'syncwarden_connection_deleted', $id );
	}

	/**
	 * One connection's public fields, or null.
	 *
	 * @param int $id Connection id.
	 * @return array<string, mixed>|null
	 */
	public function find( int $id ): ?array {
		$row = $this->row( $id );
		return null === $row ? null : $this->public_fields( $row );
	}

	/**
	 * Every connection's public fields, oldest first.
	 *
	 * @return array<int, array<string, mixed>>
	 */
	public function all(): array {
		global $wpdb;
		$rows = $wpdb->get_results( $wpdb->prepare( 'SELECT * FROM %i ORDER BY id', Schema::table( 'connections' ) ), ARRAY_A );
		return array_map( array( $this, 'public_fields' ), (array) $rows );
	}

	public function stored_secrets(): iterable {
		global $wpdb;
		$rows = $wpdb->get_results( $wpdb->prepare( 'SELECT id, access_token, refresh_token FROM %i', Schema::table( 'connections' ) ), ARRAY_A );
		foreach ( (array) $rows as $row ) {
			foreach ( self::TOKEN_FIELDS as $field ) {
				if ( null !== $row[ $field ] ) {
					yield array(
						'ref'      => $row['id'] . ':' . $field,
						'context'  => self::context( (int) $row['id'], $field ),
						'envelope' => $row[ $field ],
					);
				}
			}
		}
	}

	public function replace_secret( string $ref, string $envelope, string $expected ): bool {
		global $wpdb;
		[ $id, $field ] = explode( ':', $ref, 2 ) + array( 0, '' );
		if ( ! in_array( $field, self::TOKEN_FIELDS, true ) ) {
			return false;
		}
		// Compare-and-swap in one statement: a refresh that wrote a rotated token since the read wins.
		return 1 === $wpdb->update( Schema::table( 'connections' ), array( $field => $envelope ), array( 'id' => (int) $id, $field => $expected ) );
	}

	/**
	 * Additional-data context binding a token to its row and field.
	 *
	 * @param int    $id    Connection id.
	 * @param string $field Token field.
	 */
	public static function context( int $id, string $field ): string {
		return 'connection:' . $id . ':' . $field;
	}

	/**
	 * Raw row.
	 *
	 * @param int $id Connection id.
	 * @return array<string, mixed>|null
	 */
	private function row( int $id ): ?array {
		global $wpdb;
		$row = $wpdb->get_row( $wpdb->prepare( 'SELECT * FROM %i WHERE id = %d', Schema::table( 'connections' ), $id ), ARRAY_A );
		return is_array( $row ) ? $row : null;
	}

	/**
	 * Everything but the tokens; a connection whose tokens no key can open needs reconnecting.
	 *
	 * @param array<string, mixed> $row Raw row.
	 * @return array<string, mixed>
	 */
	private function public_fields( array $row ): array {
		$status = $row['status'];
		if ( self::STATUS_CONNECTED === $status && ! $this->tokens_readable( $row ) ) {
			$status = self::STATUS_RECONNECT_NEEDED;
		}
		return array(
			'id'                   => (int) $row['id'],
			'provider'             => $row['provider'],
			'status'               => $status,
			'account_label'        => $row['account_label'],
			'account_ref'          => (string) ( $row['account_ref'] ?? '' ),
			'features'             => array_values( array_filter( explode( ',', $row['features'] ) ) ),
			'requested_scopes'     => array_values( array_filter( explode( ' ', $row['requested_scopes'] ) ) ),
			'granted_scopes'       => array_values( array_filter( explode( ' ', $row['granted_scopes'] ) ) ),
			'access_expires_at'    => null === $row['access_expires_at'] ? null : (int) $row['access_expires_at'],
			'has_refresh_token'    => null !== $row['refresh_token'],
			'token_endpoint'       => $row['token_endpoint'],
			'api_base'             => $row['api_base'],
			'home_url'             => $row['home_url'],
			// A copy of the site (staging, restored backup) must not act on the live grant.
			'site_moved'           => ! SiteIdentity::is_this_site( (string) ( $row['site_key'] ?? '' ) ),
			'created_at'           => (int) $row['created_at'],
			'last_refreshed_at'    => null === $row['last_refreshed_at'] ? null : (int) $row['last_refreshed_at'],
			'last_error_kind'      => $row['last_error_kind'],
			'last_error'           => $row['last_error'],
			'consecutive_failures' => (int) $row['consecutive_failures'],
		);
	}

	private function tokens_readable( array $row ): bool {
		try {
			foreach ( self::TOKEN_FIELDS as $field ) {
				if ( null !== $row[ $field ] ) {
					$this->vault->decrypt( $row[ $field ], self::context( (int) $row['id'], $field ) );
				}
			}
			return true;
		} catch ( VaultException $e ) {
			return false;
		}
	}
}
