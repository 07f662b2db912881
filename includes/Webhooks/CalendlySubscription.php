<?php
/**
 * Calendly webhook subscriptions.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Webhooks;

use SyncWarden\Http\HttpError;
use SyncWarden\OAuth\TokenService;
use SyncWarden\Providers\CalendlyWebhookApi;

defined( 'ABSPATH' ) || exit;

/**
 * A user-scoped subscription, made without a `signing_key` of its own: Calendly signs an OAuth
 * app's deliveries with the app's webhook signing key, which CalendlyWebhooks verifies. Subscriptions do not expire, but Calendly disables one it
 * could not deliver to for a day: once a day its state is checked and a disabled or vanished one
 * is replaced.
 */
final class CalendlySubscription implements PushStrategy {

	private const CHECK_EVERY = DAY_IN_SECONDS;

	/**
	 * Constructor.
	 *
	 * @param TokenService $tokens  Authenticated provider calls.
	 * @param PushRecord   $records Stored subscriptions.
	 */
	public function __construct( private readonly TokenService $tokens, private readonly PushRecord $records ) {
	}

	public function provider(): string {
		return 'calendly';
	}

	/**
	 * When Calendly already has a subscription for this endpoint (a record lost here), that one
	 * is deleted and replaced.
	 *
	 * @param int    $id  Connection id.
	 * @param string $url Endpoint.
	 */
	public function subscribe( int $id, string $url ): void {
		$me           = $this->tokens->send( $id, CalendlyWebhookApi::current_user() )['resource'];
		$organization = $me['current_organization'];
		$this->records->begin( $id, 'calendly', $url );
		$create = fn() => $this->tokens->send( $id, CalendlyWebhookApi::create( $url, $organization, $me['uri'] ) );
		try {
			$created = $create();
		} catch ( HttpError $e ) {
			if ( 409 !== $e->status ) {
				throw $e;
			}
			foreach ( $this->tokens->send( $id, CalendlyWebhookApi::list( $organization, $me['uri'] ) )['collection'] as $existing ) {
				if ( $existing['callback_url'] === $url ) {
					$this->tokens->send( $id, CalendlyWebhookApi::delete( $existing['uri'] ) );
				}
			}
			$created = $create();
		}
		$this->records->activate( $id, array( 'remote_id' => $created['resource']['uri'] ) );
	}

	public function due( array $record ): bool {
		return time() - (int) ( $record['checked_at'] ?? 0 ) >= self::CHECK_EVERY;
	}

	/**
	 * The daily check.
	 *
	 * @param int    $id     Connection id.
	 * @param array  $record Stored subscription.
	 * @param string $url    Endpoint.
	 */
	public function renew( int $id, array $record, string $url ): void {
		$uri = (string) $record['remote_id'];
		try {
			$state = $this->tokens->send( $id, CalendlyWebhookApi::get( $uri ) )['resource']['state'] ?? 'active';
		} catch ( HttpError $e ) {
			if ( ! $e->item_gone() ) {
				throw $e;
			}
			$state = 'deleted';
		}
		if ( 'active' === $state ) {
			$this->records->store->update( $id, array( 'checked_at' => time() ) );
			return;
		}
		if ( 'deleted' !== $state ) {
			$this->tokens->send( $id, CalendlyWebhookApi::delete( $uri ) );
		}
		$this->subscribe( $id, $url );
	}

	public function remove( int $id, array $record ): void {
		$this->tokens->send_removal( $id, CalendlyWebhookApi::delete( (string) $record['remote_id'] ) );
	}
}
