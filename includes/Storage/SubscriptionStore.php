<?php
/**
 * Push subscriptions (Calendly webhooks, Google channels, Graph subscriptions) per connection.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Storage;

defined( 'ABSPATH' ) || exit;

/**
 * Storage decision: one non-autoloaded option per connection for the subscription
 * (`syncwarden_push_<id>`: state, the provider's ids, expiry, and the secret that authenticates
 * deliveries as a vault envelope bound to `push:<id>:<field>`), and a second one for delivery
 * activity (`syncwarden_push_activity_<id>`). Deliveries only ever write the activity option, so
 * a busy endpoint cannot overwrite a renewal that happens at the same moment.
 *
 * find() never returns a secret; secret() is the single decrypting read, for verification.
 * Endpoints of removed connections whose remote subscription may still deliver are kept for a
 * while as "retired" (non-secret ids only), so deliveries to them are recognised as leftovers
 * rather than forgeries and a later connection of the same provider can remove them remotely.
 */
final class SubscriptionStore implements SecretHolder {

	public const OPTION_PREFIX   = 'syncwarden_push_';
	public const ACTIVITY_PREFIX = 'syncwarden_push_activity_';
	public const RETIRED_OPTION  = 'syncwarden_push_retired';

	/**
	 * Secret fields a record can hold. Calendly subscriptions no longer get a `signing_key`, but
	 * records made before that keep theirs until the next subscribe replaces the record, so key
	 * rotation and the privacy eraser still have to find it.
	 */
	public const SECRET_FIELDS = array( 'signing_key', 'channel_token', 'client_state', 'previous_channel_token' );

	private const RETIRED_FOR = 8 * DAY_IN_SECONDS; // Longer than any channel or subscription lives.

	/**
	 * Constructor.
	 *
	 * @param Vault $vault Encrypts the delivery secrets.
	 */
	public function __construct( private readonly Vault $vault ) {
	}

	/**
	 * A connection's subscription without secrets, or null.
	 *
	 * @param int $id Connection id.
	 * @return array<string, mixed>|null
	 */
	public function find( int $id ): ?array {
		$record = $this->record( $id );
		if ( null === $record ) {
			return null;
		}
		return $record['fields'] + array( 'secrets' => array_keys( $record['secrets'] ) );
	}

	/**
	 * Starts a record afresh (a new subscription): earlier fields and secrets are dropped.
	 *
	 * @param int   $id     Connection id.
	 * @param array $fields Non-secret fields.
	 */
	public function replace( int $id, array $fields ): void {
		$this->write(
			$id,
			array(
				'fields'  => $fields,
				'secrets' => array(),
			)
		);
	}

	/**
	 * Changes some fields of an existing record.
	 *
	 * @param int   $id     Connection id.
	 * @param array $fields Fields to set (null removes one).
	 */
	public function update( int $id, array $fields ): void {
		$record = $this->record( $id ) ?? array(
			'fields'  => array(),
			'secrets' => array(),
		);
		$record['fields'] = array_filter( array_merge( $record['fields'], $fields ), static fn( $value ) => null !== $value );
		$this->write( $id, $record );
	}

	/**
	 * Encrypts and stores one secret (or removes it with null).
	 *
	 * @param int         $id        Connection id.
	 * @param string      $field     One of SECRET_FIELDS.
	 * @param string|null $plaintext Secret.
	 * @throws VaultException When it cannot be encrypted (nothing is stored then).
	 */
	public function set_secret( int $id, string $field, ?string $plaintext ): void {
		self::assert_field( $field );
		$record = $this->record( $id ) ?? array(
			'fields'  => array(),
			'secrets' => array(),
		);
		if ( null === $plaintext ) {
			unset( $record['secrets'][ $field ], $record['set_at'][ $field ] );
		} else {
			$record['secrets'][ $field ] = $this->vault->encrypt( $plaintext, self::context( $id, $field ) );
			$record['set_at'][ $field ]  = time();
		}
		$this->write( $id, $record );
	}

	/**
	 * When the connection's current push secret was made: the oldest of its live secrets (a
	 * previous channel token only lingers through a renewal), or null when it has none. Records from
	 * before this was kept count from when they subscribed.
	 *
	 * @param int $id Connection id.
	 */
	public function secret_set_at( int $id ): ?int {
		$record = $this->record( $id );
		$live   = array_diff( array_keys( $record['secrets'] ?? array() ), array( 'previous_channel_token' ) );
		if ( ! $live ) {
			return null;
		}
		$fallback = (int) ( $record['fields']['subscribed_at'] ?? 0 );
		return min( array_map( static fn( string $field ) => (int) ( $record['set_at'][ $field ] ?? $fallback ), $live ) );
	}

	/**
	 * The decrypted secret, or null when there is none.
	 *
	 * @param int    $id    Connection id.
	 * @param string $field One of SECRET_FIELDS.
	 * @throws VaultException When it cannot be decrypted.
	 */
	public function secret( int $id, string $field ): ?string {
		self::assert_field( $field );
		$envelope = $this->record( $id )['secrets'][ $field ] ?? null;
		return null === $envelope ? null : $this->vault->decrypt( $envelope, self::context( $id, $field ) );
	}

	/**
	 * What an endpoint is: `live` (a subscription of this provider, pending or active), `retired`
	 * (a removed connection's leftover) or `unknown`.
	 *
	 * @param string $provider Provider id from the URL.
	 * @param int    $id       Connection id from the URL.
	 */
	public function endpoint( string $provider, int $id ): string {
		$record = $this->record( $id );
		if ( null !== $record && $provider === ( $record['fields']['provider'] ?? '' ) && in_array( $record['fields']['state'] ?? '', array( 'pending', 'active' ), true ) ) {
			return 'live';
		}
		$retired = $this->retired()[ $id ] ?? null;
		return null !== $retired && $provider === ( $retired['provider'] ?? '' ) ? 'retired' : 'unknown';
	}

	/**
	 * Delivery activity (last delivery, last verification failure).
	 *
	 * @param int $id Connection id.
	 * @return array<string, mixed>
	 */
	public function activity( int $id ): array {
		$activity = get_option( self::ACTIVITY_PREFIX . $id, array() );
		return is_array( $activity ) ? $activity : array();
	}

	/**
	 * Records delivery activity.
	 *
	 * @param int   $id     Connection id.
	 * @param array $fields Fields to set.
	 */
	public function record_activity( int $id, array $fields ): void {
		update_option( self::ACTIVITY_PREFIX . $id, array_merge( $this->activity( $id ), $fields ), false );
	}

	/**
	 * Removes a connection's record and activity.
	 *
	 * @param int $id Connection id.
	 */
	public function delete( int $id ): void {
		delete_option( self::OPTION_PREFIX . $id );
		delete_option( self::ACTIVITY_PREFIX . $id );
	}

	/**
	 * Remembers the endpoint of a removed connection whose remote subscription may still exist.
	 *
	 * @param int   $id    Connection id.
	 * @param array $entry provider, remote_id, resource_id, expires_at.
	 */
	public function retire( int $id, array $entry ): void {
		$retired        = $this->retired();
		$retired[ $id ] = array( 'retired_at' => time() ) + $entry;
		update_option( self::RETIRED_OPTION, $retired, false );
	}

	/**
	 * Retired endpoints still within their lifetime, by connection id.
	 *
	 * @return array<int, array<string, mixed>>
	 */
	public function retired(): array {
		$retired = get_option( self::RETIRED_OPTION, array() );
		return array_filter( is_array( $retired ) ? $retired : array(), static fn( $entry ) => is_array( $entry ) && (int) ( $entry['retired_at'] ?? 0 ) > time() - self::RETIRED_FOR );
	}

	/**
	 * Forgets a retired endpoint (its remote subscription is gone).
	 *
	 * @param int $id Connection id.
	 */
	public function unretire( int $id ): void {
		$retired = $this->retired();
		unset( $retired[ $id ] );
		if ( $retired ) {
			update_option( self::RETIRED_OPTION, $retired, false );
		} else {
			delete_option( self::RETIRED_OPTION );
		}
	}

	public function stored_secrets(): iterable {
		foreach ( $this->all_records() as $id => $record ) {
			foreach ( $record['secrets'] as $field => $envelope ) {
				yield array(
					'ref'      => $id . ':' . $field,
					'context'  => self::context( $id, $field ),
					'envelope' => $envelope,
				);
			}
		}
	}

	public function replace_secret( string $ref, string $envelope, string $expected ): bool {
		[ $id, $field ] = explode( ':', $ref, 2 ) + array( 0, '' );
		$record         = $this->record( (int) $id );
		if ( null === $record || ! isset( $record['secrets'][ $field ] ) || ! hash_equals( $expected, (string) $record['secrets'][ $field ] ) ) {
			return false; // Gone, or a renewal stored a new one since the batch read it.
		}
		$record['secrets'][ $field ] = $envelope;
		$this->write( (int) $id, $record );
		return true;
	}

	/**
	 * Additional-data context binding a secret to its connection and field.
	 *
	 * @param int    $id    Connection id.
	 * @param string $field Secret field.
	 */
	public static function context( int $id, string $field ): string {
		return 'push:' . $id . ':' . $field;
	}

	/**
	 * The stored record.
	 *
	 * @param int $id Connection id.
	 * @return array{fields: array, secrets: array<string, string>, set_at: array<string, int>}|null
	 */
	private function record( int $id ): ?array {
		$record = get_option( self::OPTION_PREFIX . $id, null );
		if ( ! is_array( $record ) || ! is_array( $record['fields'] ?? null ) ) {
			return null;
		}
		return array(
			'fields'  => $record['fields'],
			'secrets' => is_array( $record['secrets'] ?? null ) ? $record['secrets'] : array(),
			'set_at'  => is_array( $record['set_at'] ?? null ) ? $record['set_at'] : array(),
		);
	}

	/**
	 * Writes a record; never autoloaded (it holds envelopes and is read only when needed).
	 *
	 * @param int   $id     Connection id.
	 * @param array $record Record.
	 */
	private function write( int $id, array $record ): void {
		update_option( self::OPTION_PREFIX . $id, $record, false );
	}

	/**
	 * Every record, by connection id (for key maintenance).
	 *
	 * @return array<int, array{fields: array, secrets: array<string, string>, set_at: array<string, int>}>
	 */
	private function all_records(): array {
		global $wpdb;
		$names   = $wpdb->get_col( $wpdb->prepare( "SELECT option_name FROM {$wpdb->options} WHERE option_name LIKE %s", $wpdb->esc_like( self::OPTION_PREFIX ) . '%' ) );
		$records = array();
		foreach ( $names as $name ) {
			$suffix = substr( (string) $name, strlen( self::OPTION_PREFIX ) );
			if ( ctype_digit( $suffix ) ) {
				$record = $this->record( (int) $suffix );
				if ( null !== $record ) {
					$records[ (int) $suffix ] = $record;
				}
			}
		}
		return $records;
	}

	/**
	 * Refuses a field that is not a known secret (a typo must not create an unscanned secret).
	 *
	 * @param string $field Field.
	 */
	private static function assert_field( string $field ): void {
		if ( ! in_array( $field, self::SECRET_FIELDS, true ) ) {
			// phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain text for logs and JSON; escaped where shown as HTML.
			throw new \InvalidArgumentException( 'Unknown push secret field: ' . $field );
		}
	}
}
