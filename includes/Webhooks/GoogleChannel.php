<?php
/**
 * Google Calendar notification channels (events.watch).
 *
 * @package SyncWarden
 */

namespace SyncWarden\Webhooks;

use SyncWarden\Http\HttpError;
use SyncWarden\OAuth\TokenService;
use SyncWarden\Providers\GoogleWatchApi;
use SyncWarden\Storage\VaultException;

defined( 'ABSPATH' ) || exit;

/**
 * A channel has an id and token we choose. Channels cannot be extended: renewal opens a new one
 * and keeps the current one as "previous" (still accepted) until the new one works, then stops
 * it; a failed renewal puts the working channel back.
 */
final class GoogleChannel implements PushStrategy {

	private const RENEW_MARGIN = DAY_IN_SECONDS;

	/**
	 * Constructor.
	 *
	 * @param TokenService $tokens  Authenticated provider calls.
	 * @param PushRecord   $records Stored subscriptions.
	 */
	public function __construct( private readonly TokenService $tokens, private readonly PushRecord $records ) {
	}

	public function provider(): string {
		return 'google';
	}

	public function subscribe( int $id, string $url ): void {
		$this->records->begin( $id, 'google', $url );
		$this->records->store->update( $id, array( 'remote_id' => self::channel_id() ) );
		$this->open( $id, $url, false );
	}

	public function due( array $record ): bool {
		return (int) ( $record['expires_at'] ?? 0 ) - time() <= self::RENEW_MARGIN;
	}

	public function renew( int $id, array $record, string $url ): void {
		$store = $this->records->store;
		$store->update(
			$id,
			array(
				'previous_remote_id'   => $record['remote_id'],
				'previous_resource_id' => $record['resource_id'] ?? null,
			)
		);
		$store->set_secret( $id, 'previous_channel_token', $store->secret( $id, 'channel_token' ) );
		$store->update(
			$id,
			array(
				'remote_id'   => self::channel_id(),
				'resource_id' => null,
			)
		);
		$this->open( $id, $url, true );
	}

	public function remove( int $id, array $record ): void {
		if ( isset( $record['resource_id'] ) ) {
			$this->tokens->send_removal( $id, GoogleWatchApi::stop( (string) $record['remote_id'], (string) $record['resource_id'] ) );
		}
		if ( isset( $record['previous_remote_id'], $record['previous_resource_id'] ) ) {
			$this->tokens->send_removal( $id, GoogleWatchApi::stop( (string) $record['previous_remote_id'], (string) $record['previous_resource_id'] ) );
		}
	}

	/**
	 * Opens the channel the record names, with a new token.
	 *
	 * @param int    $id      Connection id.
	 * @param string $url     Endpoint.
	 * @param bool   $renewal Replacing a working channel.
	 * @throws HttpError|VaultException On failure (a renewal keeps the old channel then).
	 */
	private function open( int $id, string $url, bool $renewal ): void {
		$store = $this->records->store;
		$store->set_secret( $id, 'channel_token', PushRecord::random_secret() );
		$channel = (string) $store->find( $id )['remote_id'];
		try {
			$opened = $this->tokens->send( $id, GoogleWatchApi::watch( $channel, $url, (string) $store->secret( $id, 'channel_token' ) ) );
		} catch ( HttpError | VaultException $e ) {
			if ( $renewal ) {
				$this->restore_previous( $id );
			}
			throw $e;
		}
		$this->records->activate(
			$id,
			array(
				'remote_id'   => $opened['id'],
				'resource_id' => $opened['resourceId'],
				'expires_at'  => GoogleWatchApi::expires_at( $opened ) ?? time() + GoogleWatchApi::TTL,
			)
		);
		if ( $renewal ) {
			$this->stop_previous( $id );
		}
	}

	/**
	 * Stops the replaced channel; it is forgotten even when Google no longer knows it.
	 *
	 * @param int $id Connection id.
	 * @throws HttpError On failure other than "not found" (the channel then simply expires).
	 */
	private function stop_previous( int $id ): void {
		$store  = $this->records->store;
		$record = (array) $store->find( $id );
		if ( isset( $record['previous_remote_id'], $record['previous_resource_id'] ) ) {
			$this->tokens->send_removal( $id, GoogleWatchApi::stop( (string) $record['previous_remote_id'], (string) $record['previous_resource_id'] ) );
		}
		$store->update(
			$id,
			array(
				'previous_remote_id'   => null,
				'previous_resource_id' => null,
			)
		);
		$store->set_secret( $id, 'previous_channel_token', null );
	}

	/**
	 * A renewal failed: the old channel is the current one again.
	 *
	 * @param int $id Connection id.
	 * @throws VaultException When the old token cannot be moved back.
	 */
	private function restore_previous( int $id ): void {
		$store  = $this->records->store;
		$record = (array) $store->find( $id );
		$store->set_secret( $id, 'channel_token', $store->secret( $id, 'previous_channel_token' ) );
		$store->set_secret( $id, 'previous_channel_token', null );
		$store->update(
			$id,
			array(
				'remote_id'            => $record['previous_remote_id'] ?? null,
				'resource_id'          => $record['previous_resource_id'] ?? null,
				'previous_remote_id'   => null,
				'previous_resource_id' => null,
			)
		);
	}

	private static function channel_id(): string {
		return 'syncwarden-' . bin2hex( random_bytes( 16 ) );
	}
}
