<?php
/**
 * How one provider's push subscriptions are made, renewed and removed.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Webhooks;

use SyncWarden\Http\HttpError;
use SyncWarden\Storage\VaultException;

defined( 'ABSPATH' ) || exit;

/**
 * One implementation per provider (CalendlySubscription, GoogleChannel, GraphSubscription);
 * PushSubscriptions runs the life cycle they share (records, renewal schedule, audit).
 */
interface PushStrategy {

	/**
	 * Provider id the strategy serves.
	 */
	public function provider(): string;

	/**
	 * Makes a new subscription delivering to `$url`, its secret stored before the provider is asked.
	 *
	 * @param int    $id  Connection id.
	 * @param string $url Endpoint.
	 * @throws HttpError|VaultException On failure.
	 */
	public function subscribe( int $id, string $url ): void;

	/**
	 * Whether an active subscription is due for renewal (or, where it never expires, a check).
	 *
	 * @param array $record Stored subscription.
	 */
	public function due( array $record ): bool;

	/**
	 * Renews or checks an active subscription.
	 *
	 * @param int    $id     Connection id.
	 * @param array  $record Stored subscription.
	 * @param string $url    Endpoint.
	 * @throws HttpError|VaultException On failure.
	 */
	public function renew( int $id, array $record, string $url ): void;

	/**
	 * Removes at the provider what a record names (remote_id, resource_id, Google's previous
	 * channel), with the tokens of connection `$id`; "already gone" counts as removed.
	 *
	 * @param int   $id     Connection whose tokens are used.
	 * @param array $record Stored subscription or retired entry.
	 * @throws HttpError On failure.
	 */
	public function remove( int $id, array $record ): void;
}
