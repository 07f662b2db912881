<?php
/**
 * Microsoft Graph change-notification subscriptions.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Webhooks;

use SyncWarden\Http\HttpError;
use SyncWarden\OAuth\TokenService;
use SyncWarden\Providers\GraphSubscriptionApi;

defined( 'ABSPATH' ) || exit;

/**
 * Creating opens a one-minute handshake window first (Graph validates the endpoint during the
 * create call); renewal is a PATCH, and one that Graph no longer knows is created anew.
 */
final class GraphSubscription implements PushStrategy {

	private const HANDSHAKE_WINDOW = 60;
	private const RENEW_MARGIN     = DAY_IN_SECONDS;

	/**
	 * Constructor.
	 *
	 * @param TokenService $tokens  Authenticated provider calls.
	 * @param PushRecord   $records Stored subscriptions.
	 */
	public function __construct( private readonly TokenService $tokens, private readonly PushRecord $records ) {
	}

	public function provider(): string {
		return 'microsoft';
	}

	public function subscribe( int $id, string $url ): void {
		$this->records->begin( $id, 'microsoft', $url );
		$this->records->store->update( $id, array( 'handshake_until' => time() + self::HANDSHAKE_WINDOW ) );
		$this->records->store->set_secret( $id, 'client_state', PushRecord::random_secret() );
		$created = $this->tokens->send( $id, GraphSubscriptionApi::create( $url, (string) $this->records->store->secret( $id, 'client_state' ), time() + GraphSubscriptionApi::LIFETIME ) );
		$this->records->activate(
			$id,
			array(
				'remote_id'       => $created['id'],
				'expires_at'      => GraphSubscriptionApi::expires_at( $created ),
				'handshake_until' => null,
			)
		);
	}

	public function due( array $record ): bool {
		return (int) ( $record['expires_at'] ?? 0 ) - time() <= self::RENEW_MARGIN;
	}

	public function renew( int $id, array $record, string $url ): void {
		try {
			$renewed = $this->tokens->send( $id, GraphSubscriptionApi::renew( (string) $record['remote_id'], time() + GraphSubscriptionApi::LIFETIME ) );
		} catch ( HttpError $e ) {
			if ( ! $e->item_gone() ) {
				throw $e;
			}
			$this->subscribe( $id, $url );
			return;
		}
		$this->records->store->update( $id, array( 'expires_at' => GraphSubscriptionApi::expires_at( $renewed ) ) );
	}

	public function remove( int $id, array $record ): void {
		$this->tokens->send_removal( $id, GraphSubscriptionApi::delete( (string) $record['remote_id'] ) );
	}
}
