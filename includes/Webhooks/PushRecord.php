<?php
/**
 * The stored state of a push subscription, shared by every provider's strategy.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Webhooks;

use SyncWarden\Storage\Base64Url;
use SyncWarden\Storage\SubscriptionStore;

defined( 'ABSPATH' ) || exit;

/**
 * A record starts pending (before the provider is asked: it may deliver before it answers)
 * and becomes active with what the provider answered.
 */
final class PushRecord {

	/** States a record can be in. */
	public const ACTIVE  = 'active';
	public const PENDING = 'pending';
	public const FAILED  = 'failed';
	public const POLLING = 'polling';
	public const REMOVED = 'removed';

	/**
	 * Constructor.
	 *
	 * @param SubscriptionStore $store Subscriptions and their secrets.
	 */
	public function __construct( public readonly SubscriptionStore $store ) {
	}

	/**
	 * Starts a fresh record before the provider is asked.
	 *
	 * @param int    $id       Connection id.
	 * @param string $provider Provider id.
	 * @param string $url      Endpoint.
	 */
	public function begin( int $id, string $provider, string $url ): void {
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
	public function activate( int $id, array $fields ): void {
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
	 * 32 random bytes, base64url: a per-connection secret every provider accepts.
	 */
	public static function random_secret(): string {
		return Base64Url::random( 32 );
	}
}
