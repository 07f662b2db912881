<?php
/**
 * What is known about a connection's push subscription, for the Connections tab and Site Health.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Webhooks;

use SyncWarden\Storage\ConnectionsRepository;
use SyncWarden\Storage\SubscriptionStore;

defined( 'ABSPATH' ) || exit;

/**
 * Read only, and never a secret: states, times, the endpoint and the last failure.
 */
final class PushStatus {

	private const STALE_FOR_HEALTH = 6 * HOUR_IN_SECONDS;

	/**
	 * Constructor.
	 *
	 * @param ConnectionsRepository $connections Connections.
	 * @param SubscriptionStore     $store       Subscriptions.
	 * @param PublicEndpoint        $endpoint    Endpoint URLs and reachability.
	 */
	public function __construct(
		private readonly ConnectionsRepository $connections,
		private readonly SubscriptionStore $store,
		private readonly PublicEndpoint $endpoint
	) {
	}

	/**
	 * What the Connections tab shows (never a secret).
	 *
	 * @param int $id Connection id.
	 * @return array<string, mixed>
	 */
	public function status( int $id ): array {
		$connection = $this->connections->find( $id );
		$supported  = PushSubscriptions::supports( $connection );
		$check      = $this->endpoint->check();
		$record     = $this->store->find( $id ) ?? array();
		$activity   = $this->store->activity( $id );
		$state      = $record['state'] ?? ( $check['reachable'] ? 'not_subscribed' : PushRecord::POLLING );
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
			$record = PushSubscriptions::supports( $connection ) ? $this->store->find( $connection['id'] ) : null;
			if ( null === $record ) {
				continue;
			}
			$problem = null;
			if ( PushRecord::FAILED === ( $record['state'] ?? '' ) ) {
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
}
