<?php
/**
 * Microsoft Graph change notifications: the validation handshake, then clientState on every one.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Webhooks;

use SyncWarden\Http\HttpError;
use SyncWarden\Http\JsonShape;
use SyncWarden\Providers\GraphSubscriptionApi;
use SyncWarden\Storage\SubscriptionStore;
use SyncWarden\Storage\VaultException;

defined( 'ABSPATH' ) || exit;

/**
 * Graph validates an endpoint by POSTing `?validationToken=…` and expecting it back as text/plain
 * within 10 seconds. SyncWarden answers that only while it is creating a subscription for this
 * connection (a one-minute window opened by PushSubscriptions), so nobody else can point a Graph
 * subscription of theirs at this site. Notifications must name our subscription and carry its
 * secret clientState (constant-time comparison); a batch with one bad item is refused whole.
 * Like Google's, they only ask for an incremental sync soon.
 */
final class GraphNotifications {

	private const MAX_TOKEN_BYTES = 1024;

	/**
	 * Constructor.
	 *
	 * @param SubscriptionStore $store    Subscriptions and their clientState.
	 * @param SecurityEvents    $security Refusals.
	 */
	public function __construct( private readonly SubscriptionStore $store, private readonly SecurityEvents $security ) {
	}

	/**
	 * Answers Graph's validation request.
	 *
	 * @param int    $id    Connection id from the URL.
	 * @param string $token The (URL-decoded) validationToken.
	 */
	public function handshake( int $id, string $token ): Outcome {
		$record = $this->store->find( $id );
		$open   = null !== $record && 'microsoft' === ( $record['provider'] ?? '' ) && (int) ( $record['handshake_until'] ?? 0 ) >= time();
		if ( ! $open ) {
			return new Outcome( 404, 'syncwarden_no_pending_subscription', __( 'No subscription is being created for this endpoint.', 'syncwarden' ) );
		}
		if ( '' === $token || strlen( $token ) > self::MAX_TOKEN_BYTES || preg_match( '/[\x00-\x1F\x7F]/', $token ) ) {
			return Outcome::invalid( __( 'The validation token is not readable.', 'syncwarden' ) );
		}
		return new Outcome( 200, 'validated', '', array(), $token );
	}

	/**
	 * Handles a batch of notifications.
	 *
	 * @param int    $id   Connection id from the URL.
	 * @param string $body Raw body.
	 * @param string $ip   Client address.
	 */
	public function handle( int $id, string $body, string $ip ): Outcome {
		$endpoint = $this->store->endpoint( 'microsoft', $id );
		if ( 'live' !== $endpoint ) {
			return 'retired' === $endpoint ? Outcome::retired() : $this->security->refuse( SecurityEvents::UNKNOWN_ENDPOINT, 'microsoft', null, $ip );
		}
		try {
			$batch = JsonShape::apply( json_decode( $body, true, 16, JSON_THROW_ON_ERROR ), GraphSubscriptionApi::notification_shape(), 'notification' );
		} catch ( \JsonException | HttpError $e ) {
			return Outcome::invalid( __( 'The notification is not in Microsoft Graph’s format.', 'syncwarden' ) );
		}
		if ( ! $batch['value'] ) {
			return Outcome::invalid( __( 'The notification is empty.', 'syncwarden' ) );
		}
		if ( ! $this->all_ours( $id, $batch['value'] ) ) {
			return $this->security->refuse( SecurityEvents::WRONG_CLIENT_STATE, 'microsoft', $id, $ip );
		}
		$this->store->record_activity( $id, array( 'last_delivery_at' => time() ) );
		/** This action is documented in includes/Sync/Importer.php. */
		do_action( 'syncwarden_request_sync', $id );
		return Outcome::accepted( 'sync_requested', array(), 202 ); // Graph expects 202 Accepted.
	}

	/**
	 * Whether every item names our subscription and carries our clientState.
	 *
	 * @param int   $id    Connection id.
	 * @param array $items Shaped notifications.
	 */
	private function all_ours( int $id, array $items ): bool {
		$record = (array) $this->store->find( $id );
		try {
			$secret = (string) $this->store->secret( $id, 'client_state' );
		} catch ( VaultException $e ) {
			return false;
		}
		if ( '' === $secret ) {
			return false;
		}
		$ours = true;
		foreach ( $items as $item ) {
			// While the subscription is being created its id is not known yet; the secret still is.
			$subscription = ! isset( $record['remote_id'] ) || hash_equals( (string) $record['remote_id'], $item['subscriptionId'] );
			$ours         = $ours && $subscription && hash_equals( $secret, (string) ( $item['clientState'] ?? '' ) );
		}
		return $ours;
	}
}
