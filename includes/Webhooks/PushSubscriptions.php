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
 * An hourly WP-Cron event renews what is due (each provider's PushStrategy decides how: Google a
 * new channel, Graph a PATCH, Calendly a daily check), retries failed subscriptions and subscribes
 * connections whose site has become reachable. Disconnecting removes the subscription at the
 * provider while the tokens still work. Nothing here ever breaks connecting or disconnecting:
 * failures are recorded, shown and audited. Every provider call goes through TokenService, so a
 * copy of the site renews and removes nothing (the clone lock).
 */
final class PushSubscriptions {

	public const RENEW_HOOK = 'syncwarden_push_renew';
	public const PROVIDERS  = array( 'calendly', 'google', 'microsoft' );

	/** States a record can be in. */
	public const ACTIVE  = PushRecord::ACTIVE;
	public const PENDING = PushRecord::PENDING;
	public const FAILED  = PushRecord::FAILED;
	public const POLLING = PushRecord::POLLING;
	public const REMOVED = PushRecord::REMOVED;

	private const RETRY_FAILED = 3 * HOUR_IN_SECONDS;

	/**
	 * The read side: status and problems.
	 *
	 * @var PushStatus
	 */
	private PushStatus $view;

	/**
	 * Provider id => its strategy.
	 *
	 * @var array<string, PushStrategy>
	 */
	private array $strategies = array();

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
		$this->view = new PushStatus( $connections, $store, $endpoint );
		$records    = new PushRecord( $store );
		foreach ( array( new CalendlySubscription( $tokens, $records ), new GoogleChannel( $tokens, $records ), new GraphSubscription( $tokens, $records ) ) as $strategy ) {
			$this->strategies[ $strategy->provider() ] = $strategy;
		}
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
			$this->strategies[ $connection['provider'] ]->subscribe( $id, $url ); // supports() checked the provider.
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
		return $this->view->status( $id );
	}

	/**
	 * Subscriptions that expire soon without renewal or keep failing (for Site Health).
	 *
	 * @return array<int, array{connection_id: int, provider: string, problem: string}>
	 */
	public function problems(): array {
		return $this->view->problems();
	}

	/**
	 * Renews one active subscription when it is due; failures are counted, shown and audited.
	 *
	 * @param int   $id     Connection id.
	 * @param array $record Stored subscription.
	 */
	private function renew( int $id, array $record ): void {
		$strategy = $this->strategies[ (string) $record['provider'] ] ?? null;
		if ( null === $strategy || ! $strategy->due( $record ) ) {
			return;
		}
		try {
			$strategy->renew( $id, $record, $this->endpoint->url( (string) $record['provider'], $id ) );
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
		( $this->strategies[ (string) $record['provider'] ] ?? null )?->remove( $id, $record );
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
				( $this->strategies[ $provider ] ?? null )?->remove( $id, $entry );
				$this->store->unretire( (int) $old_id );
			} catch ( HttpError $e ) {
				continue;
			}
		}
	}
}
