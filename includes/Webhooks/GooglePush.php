<?php
/**
 * Google Calendar push notifications: checked against the channel, then a sync soon.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Webhooks;

use SyncWarden\Providers\GoogleWatchApi;
use SyncWarden\Storage\Counters;
use SyncWarden\Storage\SubscriptionStore;
use SyncWarden\Storage\VaultException;

defined( 'ABSPATH' ) || exit;

/**
 * A notification carries no content worth trusting: it only says "something changed". So once
 * its channel id, secret channel token (constant-time comparison) and resource id match a channel
 * of this connection, it asks for an incremental sync soon (`syncwarden_request_sync`, which
 * coalesces) and nothing else. During a renewal the channel being replaced stays valid until it
 * is stopped. A repeated message number is answered but not acted on.
 */
final class GooglePush {

	/**
	 * Constructor.
	 *
	 * @param SubscriptionStore $store    Channels and their tokens.
	 * @param Counters          $counters Message-number de-duplication.
	 * @param SecurityEvents    $security Refusals.
	 */
	public function __construct(
		private readonly SubscriptionStore $store,
		private readonly Counters $counters,
		private readonly SecurityEvents $security
	) {
	}

	/**
	 * Handles one notification.
	 *
	 * @param int                       $id      Connection id from the URL.
	 * @param array<string, string|null> $headers channel_id, token, resource_id, resource_state, message_number.
	 * @param string                    $ip      Client address.
	 */
	public function handle( int $id, array $headers, string $ip ): Outcome {
		$endpoint = $this->store->endpoint( 'google', $id );
		if ( 'live' !== $endpoint ) {
			return 'retired' === $endpoint ? Outcome::retired() : $this->security->refuse( SecurityEvents::UNKNOWN_ENDPOINT, 'google', null, $ip );
		}
		$channel = $this->channel( $id, (string) ( $headers['channel_id'] ?? '' ) );
		if ( null === $channel || ! self::same( $channel['token'], $headers['token'] ?? null ) ) {
			return $this->security->refuse( SecurityEvents::WRONG_TOKEN, 'google', $id, $ip );
		}
		if ( null !== $channel['resource_id'] && ! self::same( $channel['resource_id'], $headers['resource_id'] ?? null ) ) {
			return $this->security->refuse( SecurityEvents::WRONG_TOKEN, 'google', $id, $ip );
		}
		$state = (string) ( $headers['resource_state'] ?? '' );
		if ( ! in_array( $state, GoogleWatchApi::STATES, true ) ) {
			return Outcome::invalid( __( 'Unknown resource state.', 'syncwarden' ) );
		}
		$this->store->record_activity( $id, array( 'last_delivery_at' => time() ) );
		$number = (string) ( $headers['message_number'] ?? '' );
		if ( ctype_digit( $number ) && ! $this->counters->claim( 'gmsg|' . $id . '|' . $channel['id'] . '|' . $number, DAY_IN_SECONDS ) ) {
			return Outcome::accepted( 'duplicate' );
		}
		if ( 'sync' === $state ) {
			return Outcome::accepted( 'channel_confirmed' ); // Google announcing the channel; nothing changed.
		}
		/** This action is documented in includes/Sync/Importer.php. */
		do_action( 'syncwarden_request_sync', $id );
		return Outcome::accepted( 'sync_requested' );
	}

	/**
	 * The current or the replaced channel with this id, with its token; null when none matches.
	 *
	 * @param int    $id         Connection id.
	 * @param string $channel_id X-Goog-Channel-ID.
	 * @return array{id: string, token: string, resource_id: ?string}|null
	 */
	private function channel( int $id, string $channel_id ): ?array {
		$record = (array) $this->store->find( $id );
		$slots  = array(
			array( 'remote_id', 'resource_id', 'channel_token' ),
			array( 'previous_remote_id', 'previous_resource_id', 'previous_channel_token' ),
		);
		foreach ( $slots as [ $id_field, $resource_field, $token_field ] ) {
			if ( '' === $channel_id || ! isset( $record[ $id_field ] ) || ! hash_equals( (string) $record[ $id_field ], $channel_id ) ) {
				continue;
			}
			try {
				$token = $this->store->secret( $id, $token_field );
			} catch ( VaultException $e ) {
				return null;
			}
			return null === $token || '' === $token ? null : array(
				'id'          => $channel_id,
				'token'       => $token,
				'resource_id' => isset( $record[ $resource_field ] ) ? (string) $record[ $resource_field ] : null,
			);
		}
		return null;
	}

	/**
	 * Constant-time equality with a header that may be missing.
	 *
	 * @param string      $known  Stored value.
	 * @param string|null $given  Header value.
	 */
	private static function same( string $known, ?string $given ): bool {
		return null !== $given && hash_equals( $known, $given );
	}
}
