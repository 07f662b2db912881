<?php
/**
 * How old each secret SyncWarden holds is, and which are due for rotation.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Health;

use SyncWarden\Providers\ProviderRegistry;
use SyncWarden\Storage\ConnectionsRepository;
use SyncWarden\Storage\CredentialsRepository;
use SyncWarden\Storage\SubscriptionStore;

defined( 'ABSPATH' ) || exit;

/**
 * Client secrets, the Calendly application signing key and each connection's push secret, with
 * when each was set and when it is due. Only timestamps and names: no secret value is read.
 *
 * The ages follow common integration practice (OAuth client secrets at least yearly, webhook
 * signing secrets every 180 days) and can be changed with the `syncwarden_rotation_ages` filter:
 *
 *     add_filter( 'syncwarden_rotation_ages', fn( $days ) => array( 'client_secret' => 180 ) + $days );
 *
 * Secrets defined in wp-config.php are listed without an age: SyncWarden cannot know when they
 * were set.
 */
final class SecretAges {

	public const CLIENT_SECRET = 'client_secret';
	public const SIGNING_KEY   = 'signing_key';
	public const PUSH_SECRET   = 'push_secret';

	/** Days after which each kind is due. */
	public const DEFAULT_AGES = array(
		self::CLIENT_SECRET => 365,
		self::SIGNING_KEY   => 180,
		self::PUSH_SECRET   => 180,
	);

	/** The longest age the filter may set (ten years); anything else falls back to the default. */
	private const MAX_DAYS = 3650;

	/**
	 * Constructor.
	 *
	 * @param CredentialsRepository $credentials   Client secrets and signing keys.
	 * @param ConnectionsRepository $connections   Connections.
	 * @param SubscriptionStore     $subscriptions Push subscriptions.
	 * @param ProviderRegistry      $providers     Providers (for names).
	 */
	public function __construct(
		private readonly CredentialsRepository $credentials,
		private readonly ConnectionsRepository $connections,
		private readonly SubscriptionStore $subscriptions,
		private readonly ProviderRegistry $providers
	) {
	}

	/**
	 * The ages in force, in days: the defaults, with whatever valid values the filter gives.
	 *
	 * @return array<string, int>
	 */
	public static function ages(): array {
		/**
		 * Filters after how many days each kind of secret is due for rotation.
		 *
		 * @param array<string, int> $days Keys client_secret, signing_key, push_secret.
		 */
		$filtered = apply_filters( 'syncwarden_rotation_ages', self::DEFAULT_AGES );
		$ages     = array();
		foreach ( self::DEFAULT_AGES as $kind => $default ) {
			$value         = is_array( $filtered ) ? ( $filtered[ $kind ] ?? null ) : null;
			$ages[ $kind ] = is_int( $value ) && $value >= 1 && $value <= self::MAX_DAYS ? $value : $default;
		}
		return $ages;
	}

	/**
	 * Every secret SyncWarden holds, oldest due first.
	 *
	 * @param int|null $now Current time (tests pass their own).
	 * @return array<int, array{id: string, kind: string, provider: string, connection_id: ?int, label: string, source: string, set_at: ?int, max_age_days: int, due_at: ?int, overdue: bool}>
	 */
	public function all( ?int $now = null ): array {
		$now   = $now ?? time();
		$ages  = self::ages();
		$items = array_merge( $this->provider_secrets(), $this->push_secrets() );
		foreach ( $items as &$item ) {
			$days                 = $ages[ $item['kind'] ];
			$item['max_age_days'] = $days;
			$item['due_at']       = null === $item['set_at'] ? null : $item['set_at'] + $days * DAY_IN_SECONDS;
			$item['overdue']      = null !== $item['due_at'] && $item['due_at'] <= $now;
		}
		unset( $item );
		usort( $items, static fn( array $a, array $b ) => ( $a['due_at'] ?? PHP_INT_MAX ) <=> ( $b['due_at'] ?? PHP_INT_MAX ) ?: strcmp( $a['id'], $b['id'] ) );
		return $items;
	}

	/**
	 * The secrets past their age.
	 *
	 * @param int|null $now Current time.
	 * @return array<int, array<string, mixed>>
	 */
	public function overdue( ?int $now = null ): array {
		return array_values( array_filter( $this->all( $now ), static fn( array $item ) => $item['overdue'] ) );
	}

	private function provider_secrets(): array {
		$items = array();
		foreach ( $this->providers->all() as $provider ) {
			$id = $provider->id();
			if ( CredentialsRepository::SECRET_SET === $this->credentials->describe( $id )['client_secret'] ) {
				/* translators: %s: provider name */
				$items[] = self::item( self::CLIENT_SECRET . ':' . $id, self::CLIENT_SECRET, $id, null, sprintf( __( '%s client secret', 'syncwarden' ), $provider->label() ), $this->credentials->is_defined_in_config( $id ), $this->credentials->secret_set_at( $id ) );
			}
			if ( in_array( $id, CredentialsRepository::SIGNING_KEY_PROVIDERS, true ) && CredentialsRepository::SECRET_SET === $this->credentials->describe_signing_key( $id )['state'] ) {
				/* translators: %s: provider name */
				$items[] = self::item( self::SIGNING_KEY . ':' . $id, self::SIGNING_KEY, $id, null, sprintf( __( '%s webhook signing key', 'syncwarden' ), $provider->label() ), $this->credentials->signing_key_in_config( $id ), $this->credentials->signing_key_set_at( $id ) );
			}
		}
		return $items;
	}

	private function push_secrets(): array {
		$items = array();
		foreach ( $this->connections->all() as $connection ) {
			$set_at = $this->subscriptions->secret_set_at( (int) $connection['id'] );
			if ( null === $set_at ) {
				continue;
			}
			$name    = $this->providers->get( (string) $connection['provider'] )?->label() ?? (string) $connection['provider'];
			$account = '' !== (string) $connection['account_label'] ? sprintf( '%s (%s)', $name, $connection['account_label'] ) : $name;
			/* translators: %s: connection, e.g. "Google Calendar (ada@example.com)" */
			$items[] = self::item( self::PUSH_SECRET . ':' . $connection['id'], self::PUSH_SECRET, (string) $connection['provider'], (int) $connection['id'], sprintf( __( 'Push secret of %s', 'syncwarden' ), $account ), false, $set_at );
		}
		return $items;
	}

	private static function item( string $id, string $kind, string $provider, ?int $connection_id, string $label, bool $in_config, ?int $set_at ): array {
		return array(
			'id'            => $id,
			'kind'          => $kind,
			'provider'      => $provider,
			'connection_id' => $connection_id,
			'label'         => $label,
			'source'        => $in_config ? CredentialsRepository::SOURCE_CONSTANT : CredentialsRepository::SOURCE_DATABASE,
			'set_at'        => $in_config ? null : $set_at,
		);
	}
}
