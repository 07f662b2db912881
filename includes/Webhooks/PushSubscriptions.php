<?php
/**
 * Creating, renewing and removing push subscriptions at the providers.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Webhooks;

use SyncWarden\Audit\AuditTrail;
use SyncWarden\Http\HttpError;
use SyncWarden\OAuth\TokenService;
use SyncWarden\Providers\CalendlyWebhookApi;
use SyncWarden\Providers\GoogleWatchApi;
use SyncWarden\Providers\GraphSubscriptionApi;
use SyncWarden\Storage\ConnectionsRepository;
use SyncWarden\Storage\SubscriptionStore;
use SyncWarden\Storage\VaultException;

defined( 'ABSPATH' ) || exit;

/**
 * Importing Calendly, Google and Outlook connections get a push subscription when they connect,
 * if providers can reach the site (PublicEndpoint); otherwise they stay on polling, which keeps
 * running either way as the safety net. The secret that authenticates deliveries (Calendly
 * signing key, Google channel token, Graph clientState) is generated here, encrypted in the
 * vault and stored *before* the provider is asked, because the provider may deliver (Google's
 * `sync` message, Graph's handshake) before it has even answered.
 *
 * An hourly WP-Cron event renews what expires within a day (Google: a new channel, then the old
 * one is stopped; Graph: a PATCH), checks Calendly's subscription once a day, retries failed
 * subscriptions and subscribes connections whose site has become reachable. Disconnecting removes
 * the subscription at the provider while the tokens still work. Nothing here ever breaks
 * connecting or disconnecting: failures are recorded, shown and audited.
 */
final class PushSubscriptions {

	public const RENEW_HOOK = 'syncwarden_push_renew';
	public const PROVIDERS  = array( 'calendly', 'google', 'microsoft' );

	/** States a record can be in. */
	public const ACTIVE  = 'active';
	public const PENDING = 'pending';
	public const FAILED  = 'failed';
	public const POLLING = 'polling';
	public const REMOVED = 'removed';

	private const RENEW_MARGIN      = DAY_IN_SECONDS;
	private const CALENDLY_CHECK    = DAY_IN_SECONDS;
	private const HANDSHAKE_WINDOW  = 60;
	private const STALE_FOR_HEALTH  = 6 * HOUR_IN_SECONDS;
	private const RETRY_FAILED      = 3 * HOUR_IN_SECONDS;

	/**
	 * Constructor.
	 *
	 * @param ConnectionsRepository $connections Connections.
	 * @param SubscriptionStore     $store       Subscriptions and their secrets.
	 * @param TokenService          $tokens      Authenticated provider calls.
	 * @param PublicEndpoint        $endpoint    Endpoint URLs and reachability.
	 * @param AuditTrail            $audit       Audit trail.
	 */
	public function __construct(
		private readonly ConnectionsRepository $connections,
		private readonly SubscriptionStore $store,
		private readonly TokenService $tokens,
		private readonly PublicEndpoint $endpoint,
		private readonly AuditTrail $audit
	) {
	}

	/**
	 * Attaches to the connection's life and the renewal schedule.
	 */
	public function register_hooks(): void {
		add_action( 'syncwarden_connection_connected', array( $this, 'subscribe' ) );
		add_action( 'syncwarden_before_disconnect', array( $this, 'unsubscribe' ) );
		add_action( 'syncwarden_connection_deleted', array( $this, 'forget' ) );
		add_action( self::RENEW_HOOK, array( $this, 'renew_due' ) );
		add_action( 'admin_init', array( self::class, 'schedule_renewal' ) );
	}

	/**
	 * Makes sure the hourly renewal is scheduled.
	 */
	public static function schedule_renewal(): void {
		if ( ! wp_next_scheduled( self::RENEW_HOOK ) ) {
			wp_schedule_event( time() + HOUR_IN_SECONDS, 'hourly', self::RENEW_HOOK );
		}
	}

	/**
	 * Whether a connection can have push: an importing Calendly, Google or Outlook connection.
	 *
	 * @param array|null $connection Connection.
	 */
	public static function supports( ?array $connection ): bool {
		return null !== $connection && in_array( $connection['provider'], self::PROVIDERS, true ) && in_array( 'import', $connection['features'], true );
	}

	/**
	 * Subscribes a connection (on connect, from the renewal run, or by Resubscribe).
	 *
	 * @param int $id Connection id.
	 * @return array<string, mixed> The status afterwards.
	 */
	public function subscribe( int $id ): array {
		$connection = $this->connections->find( $id );
		if ( ! self::supports( $connection ) || ConnectionsRepository::STATUS_CONNECTED !== $connection['status'] ) {
			return $this->status( $id );
		}
		$check = $this->endpoint->check();
		if ( ! $check['reachable'] ) {
			$this->store->replace(
				$id,
				array(
					'provider' => $connection['provider'],
					'state'    => self::POLLING,
				)
			);
			return $this->status( $id );
		}
		$this->remove_retired( $id, $connection['provider'] );
		$url = $this->endpoint->url( $connection['provider'], $id );
		try {
			match ( $connection['provider'] ) {
				'calendly'  => $this->subscribe_calendly( $id, $url ),
				'google'    => $this->open_google_channel( $id, $url, false ),
				'microsoft' => $this->subscribe_graph( $id, $url ),
			};
			$this->audit->record(
				'push.subscribed',
				array(
					'connection_id' => $id,
					'provider'      => $connection['provider'],
				)
			);
		} catch ( HttpError | VaultException $e ) {
			$this->store->update(
				$id,
				array(
					'provider'        => $connection['provider'],
					'state'           => self::FAILED,
					'failed_at'       => time(),
					'last_error'      => $e->getMessage(),
					'handshake_until' => null,
				)
			);
			$this->audit->record(
				'push.subscribe_failed',
				array(
					'connection_id' => $id,
					'provider'      => $connection['provider'],
					'result'        => 'failed',
					'detail'        => $e->getMessage(),
				)
			);
		}
		self::schedule_renewal();
		return $this->status( $id );
	}

	/**
	 * "Resubscribe": removes the current subscription at the provider (best effort) and makes a
	 * new one with a new secret.
	 *
	 * @param int $id Connection id.
	 * @return array<string, mixed> The status afterwards.
	 */
	public function resubscribe( int $id ): array {
		try {
			$this->remove_remote( $id );
		} catch ( HttpError | VaultException $e ) {
			unset( $e ); // The old subscription expires on its own; its secret is replaced below.
		}
		return $this->subscribe( $id );
	}

	/**
	 * Before disconnecting, while the tokens still work: removes the subscription at the provider.
	 *
	 * @param int $id Connection id.
	 */
	public function unsubscribe( int $id ): void {
		$record = $this->store->find( $id );
		if ( null === $record || ! isset( $record['remote_id'] ) ) {
			return;
		}
		try {
			$this->remove_remote( $id );
			$this->audit->record(
				'push.unsubscribed',
				array(
					'connection_id' => $id,
					'provider'      => $record['provider'],
				)
			);
		} catch ( HttpError | VaultException $e ) {
			$this->audit->record(
				'push.unsubscribe_failed',
				array(
					'connection_id' => $id,
					'provider'      => $record['provider'],
					'result'        => 'failed',
					'detail'        => $e->getMessage(),
				)
			);
		}
	}

	/**
	 * After a connection is deleted: drops its record and secrets. A subscription that may still
	 * exist at the provider is remembered as retired (ids only), so its deliveries are answered
	 * 410 instead of being taken for forgeries, and the next connection removes it.
	 *
	 * @param int $id Connection id.
	 */
	public function forget( int $id ): void {
		$record = $this->store->find( $id );
		if ( null !== $record && isset( $record['remote_id'] ) && in_array( $record['state'] ?? '', array( self::ACTIVE, self::PENDING ), true ) ) {
			$this->store->retire(
				$id,
				array(
					'provider'    => $record['provider'],
					'remote_id'   => $record['remote_id'],
					'resource_id' => $record['resource_id'] ?? null,
				)
			);
		}
		$this->store->delete( $id );
	}

	/**
	 * The hourly run: renews, checks, retries.
	 */
	public function renew_due(): void {
		foreach ( $this->connections->all() as $connection ) {
			if ( ! self::supports( $connection ) || ConnectionsRepository::STATUS_CONNECTED !== $connection['status'] ) {
				continue;
			}
			$record = $this->store->find( $connection['id'] );
			$state  = $record['state'] ?? null;
			if ( self::ACTIVE === $state ) {
				$this->renew( $connection['id'], $record );
			} elseif ( null === $state || self::POLLING === $state || ( self::FAILED === $state && time() - (int) ( $record['failed_at'] ?? 0 ) >= self::RETRY_FAILED ) ) {
				// The site became reachable since, or the last attempt failed a while ago: try now.
				if ( $this->endpoint->check()['reachable'] ) {
					$this->subscribe( $connection['id'] );
				}
			}
		}
	}

	/**
	 * What the Connections tab shows (never a secret).
	 *
	 * @param int $id Connection id.
	 * @return array<string, mixed>
	 */
	public function status( int $id ): array {
		$connection = $this->connections->find( $id );
		$supported  = self::supports( $connection );
		$check      = $this->endpoint->check();
		$record     = $this->store->find( $id ) ?? array();
		$activity   = $this->store->activity( $id );
		$state      = $record['state'] ?? ( $check['reachable'] ? 'not_subscribed' : self::POLLING );
		$int        = static fn( $value ) => null === $value ? null : (int) $value;
		return array(
			'connection_id'        => $id,
			'supported'            => $supported,
			'state'                => $supported ? $state : 'unsupported',
			'reachable'            => $check['reachable'],
			'reachability'         => $check['reason'],
			'reachability_message' => PublicEndpoint::explain( $check['reason'] ),
			'endpoint_url'         => $supported ? $this->endpoint->url( (string) $connection['provider'], $id ) : '',
			'subscribed_at'        => $int( $record['subscribed_at'] ?? null ),
			'renewed_at'           => $int( $record['renewed_at'] ?? null ),
			'expires_at'           => $int( $record['expires_at'] ?? null ),
			'last_error'           => (string) ( $record['last_error'] ?? '' ),
			'renew_failures'       => (int) ( $record['renew_failures'] ?? 0 ),
			'last_delivery_at'     => $int( $activity['last_delivery_at'] ?? null ),
			'last_failure_at'      => $int( $activity['last_failure_at'] ?? null ),
			'last_failure'         => (string) ( $activity['last_failure_kind'] ?? '' ),
		);
	}

	/**
	 * Subscriptions that expire soon without renewal or keep failing (for Site Health).
	 *
	 * @return array<int, array{connection_id: int, provider: string, problem: string}>
	 */
	public function problems(): array {
		$problems = array();
		foreach ( $this->connections->all() as $connection ) {
			$record = self::supports( $connection ) ? $this->store->find( $connection['id'] ) : null;
			if ( null === $record ) {
				continue;
			}
			$problem = null;
			if ( self::FAILED === ( $record['state'] ?? '' ) ) {
				$problem = 'failed';
			} elseif ( isset( $record['expires_at'] ) && (int) $record['expires_at'] - time() < self::STALE_FOR_HEALTH ) {
				$problem = 'expiring';
			} elseif ( (int) ( $record['renew_failures'] ?? 0 ) > 0 ) {
				$problem = 'renewal_failing';
			}
			if ( null !== $problem ) {
				$problems[] = array(
					'connection_id' => $connection['id'],
					'provider'      => $connection['provider'],
					'problem'       => $problem,
				);
			}
		}
		return $problems;
	}

	/**
	 * Renews one active subscription when it is due; failures are counted, shown and audited.
	 *
	 * @param int   $id     Connection id.
	 * @param array $record Stored subscription.
	 */
	private function renew( int $id, array $record ): void {
		$expires = isset( $record['expires_at'] ) ? (int) $record['expires_at'] : null;
		$due     = null !== $expires ? $expires - time() <= self::RENEW_MARGIN : time() - (int) ( $record['checked_at'] ?? 0 ) >= self::CALENDLY_CHECK;
		if ( ! $due ) {
			return;
		}
		try {
			match ( $record['provider'] ) {
				'google'    => $this->open_google_channel( $id, $this->endpoint->url( 'google', $id ), true ),
				'microsoft' => $this->renew_graph( $id, (string) $record['remote_id'] ),
				'calendly'  => $this->check_calendly( $id, (string) $record['remote_id'] ),
			};
			$this->store->update(
				$id,
				array(
					'renewed_at'     => time(),
					'renew_failures' => 0,
					'last_error'     => null,
				)
			);
			$this->audit->record(
				'push.renewed',
				array(
					'connection_id' => $id,
					'provider'      => $record['provider'],
				)
			);
		} catch ( HttpError | VaultException $e ) {
			$this->store->update(
				$id,
				array(
					'renew_failures' => (int) ( $record['renew_failures'] ?? 0 ) + 1,
					'last_error'     => $e->getMessage(),
				)
			);
			$this->audit->record(
				'push.renew_failed',
				array(
					'connection_id' => $id,
					'provider'      => $record['provider'],
					'result'        => 'failed',
					'detail'        => $e->getMessage(),
				)
			);
		}
	}

	/**
	 * Calendly: a user-scoped subscription. It still carries a random `signing_key`, which Calendly
	 * uses only for personal access tokens: an OAuth app's deliveries are signed with the app's
	 * webhook signing key, which CalendlyWebhooks verifies. When Calendly already has a
	 * subscription for this endpoint (a record lost here), that one is deleted and replaced.
	 *
	 * @param int    $id  Connection id.
	 * @param string $url Endpoint.
	 * @throws HttpError|VaultException On failure.
	 */
	private function subscribe_calendly( int $id, string $url ): void {
		$me           = $this->send( $id, CalendlyWebhookApi::current_user() )['resource'];
		$organization = $me['current_organization'];
		$this->begin( $id, 'calendly', $url );
		$this->store->set_secret( $id, 'signing_key', self::random_secret() );
		$create = fn() => $this->send( $id, CalendlyWebhookApi::create( $url, $organization, $me['uri'], (string) $this->store->secret( $id, 'signing_key' ) ) );
		try {
			$created = $create();
		} catch ( HttpError $e ) {
			if ( 409 !== $e->status ) {
				throw $e;
			}
			foreach ( $this->send( $id, CalendlyWebhookApi::list( $organization, $me['uri'] ) )['collection'] as $existing ) {
				if ( $existing['callback_url'] === $url ) {
					$this->send( $id, CalendlyWebhookApi::delete( $existing['uri'] ) );
				}
			}
			$created = $create();
		}
		$this->activate( $id, array( 'remote_id' => $created['resource']['uri'] ) );
	}

	/**
	 * Calendly subscriptions do not expire, but Calendly disables one it could not deliver to for
	 * a day: once a day its state is checked and a disabled or vanished one is replaced.
	 *
	 * @param int    $id  Connection id.
	 * @param string $uri Subscription URI.
	 * @throws HttpError|VaultException On failure.
	 */
	private function check_calendly( int $id, string $uri ): void {
		try {
			$state = $this->send( $id, CalendlyWebhookApi::get( $uri ) )['resource']['state'] ?? 'active';
		} catch ( HttpError $e ) {
			if ( 404 !== $e->status ) {
				throw $e;
			}
			$state = 'deleted';
		}
		if ( 'active' === $state ) {
			$this->store->update( $id, array( 'checked_at' => time() ) );
			return;
		}
		if ( 'deleted' !== $state ) {
			$this->send( $id, CalendlyWebhookApi::delete( $uri ) );
		}
		$this->subscribe_calendly( $id, $this->endpoint->url( 'calendly', $id ) );
	}

	/**
	 * Google: opens a channel with an id and token we choose. On renewal the current channel is
	 * kept as "previous" (still accepted) until the new one works, then stopped.
	 *
	 * @param int    $id      Connection id.
	 * @param string $url     Endpoint.
	 * @param bool   $renewal Replacing a working channel.
	 * @throws HttpError|VaultException On failure (a renewal keeps the old channel then).
	 */
	private function open_google_channel( int $id, string $url, bool $renewal ): void {
		$record = (array) $this->store->find( $id );
		if ( $renewal ) {
			$this->store->update(
				$id,
				array(
					'previous_remote_id'   => $record['remote_id'],
					'previous_resource_id' => $record['resource_id'] ?? null,
				)
			);
			$this->store->set_secret( $id, 'previous_channel_token', $this->store->secret( $id, 'channel_token' ) );
			$this->store->update(
				$id,
				array(
					'remote_id'   => 'syncwarden-' . bin2hex( random_bytes( 16 ) ),
					'resource_id' => null,
				)
			);
		} else {
			$this->begin( $id, 'google', $url );
			$this->store->update( $id, array( 'remote_id' => 'syncwarden-' . bin2hex( random_bytes( 16 ) ) ) );
		}
		$this->store->set_secret( $id, 'channel_token', self::random_secret() );
		$channel = (string) $this->store->find( $id )['remote_id'];
		try {
			$opened = $this->send( $id, GoogleWatchApi::watch( $channel, $url, (string) $this->store->secret( $id, 'channel_token' ) ) );
		} catch ( HttpError | VaultException $e ) {
			if ( $renewal ) {
				$this->restore_previous_channel( $id );
			}
			throw $e;
		}
		$this->activate(
			$id,
			array(
				'remote_id'   => $opened['id'],
				'resource_id' => $opened['resourceId'],
				'expires_at'  => GoogleWatchApi::expires_at( $opened ) ?? time() + GoogleWatchApi::TTL,
			)
		);
		if ( $renewal ) {
			$this->stop_previous_channel( $id );
		}
	}

	/**
	 * Stops the replaced channel; it is forgotten even when Google no longer knows it.
	 *
	 * @param int $id Connection id.
	 * @throws HttpError On failure other than "not found" (the channel then simply expires).
	 */
	private function stop_previous_channel( int $id ): void {
		$record = (array) $this->store->find( $id );
		if ( isset( $record['previous_remote_id'], $record['previous_resource_id'] ) ) {
			$this->send_ignoring_gone( $id, GoogleWatchApi::stop( (string) $record['previous_remote_id'], (string) $record['previous_resource_id'] ) );
		}
		$this->store->update(
			$id,
			array(
				'previous_remote_id'   => null,
				'previous_resource_id' => null,
			)
		);
		$this->store->set_secret( $id, 'previous_channel_token', null );
	}

	/**
	 * A renewal failed: the old channel is the current one again.
	 *
	 * @param int $id Connection id.
	 * @throws VaultException When the old token cannot be moved back.
	 */
	private function restore_previous_channel( int $id ): void {
		$record = (array) $this->store->find( $id );
		$this->store->set_secret( $id, 'channel_token', $this->store->secret( $id, 'previous_channel_token' ) );
		$this->store->set_secret( $id, 'previous_channel_token', null );
		$this->store->update(
			$id,
			array(
				'remote_id'            => $record['previous_remote_id'] ?? null,
				'resource_id'          => $record['previous_resource_id'] ?? null,
				'previous_remote_id'   => null,
				'previous_resource_id' => null,
			)
		);
	}

	/**
	 * Graph: opens the one-minute handshake window, then creates the subscription (Graph
	 * validates the endpoint during this call).
	 *
	 * @param int    $id  Connection id.
	 * @param string $url Endpoint.
	 * @throws HttpError|VaultException On failure.
	 */
	private function subscribe_graph( int $id, string $url ): void {
		$this->begin( $id, 'microsoft', $url );
		$this->store->update( $id, array( 'handshake_until' => time() + self::HANDSHAKE_WINDOW ) );
		$this->store->set_secret( $id, 'client_state', self::random_secret() );
		$created = $this->send( $id, GraphSubscriptionApi::create( $url, (string) $this->store->secret( $id, 'client_state' ), time() + GraphSubscriptionApi::LIFETIME ) );
		$this->activate(
			$id,
			array(
				'remote_id'       => $created['id'],
				'expires_at'      => GraphSubscriptionApi::expires_at( $created ),
				'handshake_until' => null,
			)
		);
	}

	/**
	 * Graph: extends the subscription; one that Graph no longer knows is created anew.
	 *
	 * @param int    $id           Connection id.
	 * @param string $subscription Subscription id.
	 * @throws HttpError|VaultException On failure.
	 */
	private function renew_graph( int $id, string $subscription ): void {
		try {
			$renewed = $this->send( $id, GraphSubscriptionApi::renew( $subscription, time() + GraphSubscriptionApi::LIFETIME ) );
		} catch ( HttpError $e ) {
			if ( 404 !== $e->status ) {
				throw $e;
			}
			$this->subscribe_graph( $id, $this->endpoint->url( 'microsoft', $id ) );
			return;
		}
		$this->store->update( $id, array( 'expires_at' => GraphSubscriptionApi::expires_at( $renewed ) ) );
	}

	/**
	 * Removes the connection's subscription at the provider ("not found" counts as removed).
	 *
	 * @param int $id Connection id.
	 * @throws HttpError|VaultException On failure.
	 */
	private function remove_remote( int $id ): void {
		$record = $this->store->find( $id );
		if ( null === $record || ! isset( $record['remote_id'] ) ) {
			return;
		}
		$this->remove_subscription( $id, (string) $record['provider'], (string) $record['remote_id'], $record['resource_id'] ?? null );
		if ( isset( $record['previous_remote_id'], $record['previous_resource_id'] ) ) {
			$this->remove_subscription( $id, 'google', (string) $record['previous_remote_id'], (string) $record['previous_resource_id'] );
		}
		$this->store->update(
			$id,
			array(
				'state'              => self::REMOVED,
				'remote_id'          => null,
				'previous_remote_id' => null,
			)
		);
	}

	/**
	 * One remote removal, with the tokens of connection `$id`.
	 *
	 * @param int         $id          Connection whose tokens are used.
	 * @param string      $provider    Provider id.
	 * @param string      $remote_id   Subscription URI / channel id / subscription id.
	 * @param string|null $resource_id Google resource id.
	 * @throws HttpError On failure.
	 */
	private function remove_subscription( int $id, string $provider, string $remote_id, ?string $resource_id ): void {
		$request = match ( $provider ) {
			'calendly'  => CalendlyWebhookApi::delete( $remote_id ),
			'google'    => null === $resource_id ? null : GoogleWatchApi::stop( $remote_id, $resource_id ),
			'microsoft' => GraphSubscriptionApi::delete( $remote_id ),
			default     => null,
		};
		if ( null !== $request ) {
			$this->send_ignoring_gone( $id, $request );
		}
	}

	/**
	 * Removes subscriptions that removed connections of this provider left at the provider (a
	 * reconnect replaces the old connection without a disconnect), with the new connection's
	 * tokens. Best effort: what cannot be removed expires on its own.
	 *
	 * @param int    $id       New connection id.
	 * @param string $provider Provider id.
	 */
	private function remove_retired( int $id, string $provider ): void {
		foreach ( $this->store->retired() as $old_id => $entry ) {
			if ( $provider !== $entry['provider'] ) {
				continue;
			}
			try {
				$this->remove_subscription( $id, $provider, (string) $entry['remote_id'], $entry['resource_id'] ?? null );
				$this->store->unretire( (int) $old_id );
			} catch ( HttpError $e ) {
				continue;
			}
		}
	}

	/**
	 * Starts a fresh record before the provider is asked.
	 *
	 * @param int    $id       Connection id.
	 * @param string $provider Provider id.
	 * @param string $url      Endpoint.
	 */
	private function begin( int $id, string $provider, string $url ): void {
		$this->store->replace(
			$id,
			array(
				'provider' => $provider,
				'state'    => self::PENDING,
				'endpoint' => $url,
			)
		);
	}

	/**
	 * Marks the record active with what the provider answered.
	 *
	 * @param int   $id     Connection id.
	 * @param array $fields Provider ids and expiry.
	 */
	private function activate( int $id, array $fields ): void {
		$this->store->update(
			$id,
			$fields + array(
				'state'          => self::ACTIVE,
				'subscribed_at'  => time(),
				'checked_at'     => time(),
				'renew_failures' => 0,
				'last_error'     => null,
			)
		);
	}

	/**
	 * Sends a described request through the token service.
	 *
	 * @param int   $id      Connection id.
	 * @param array $request method, path, json, shape.
	 * @return array Shaped response.
	 * @throws HttpError On failure.
	 */
	private function send( int $id, array $request ): array {
		return $this->tokens->call( $id, $request['method'], $request['path'], $request['shape'] ?? null, $request['json'] ?? null );
	}

	/**
	 * Sends a removal; "not found" and "gone" mean it is already removed.
	 *
	 * @param int   $id      Connection id.
	 * @param array $request Request.
	 * @throws HttpError On other failures.
	 */
	private function send_ignoring_gone( int $id, array $request ): void {
		try {
			$this->send( $id, $request );
		} catch ( HttpError $e ) {
			if ( ! in_array( $e->status, array( 404, 410 ), true ) ) {
				throw $e;
			}
		}
	}

	/**
	 * 32 random bytes, base64url: a per-connection secret every provider accepts.
	 */
	private static function random_secret(): string {
		return rtrim( strtr( base64_encode( random_bytes( 32 ) ), '+/', '-_' ), '=' );
	}
}
