<?php
/**
 * Push status of a connection.
 *
 * GET  /connections/{id}/push               webhook / push channel status (never a secret)
 * POST /connections/{id}/push/resubscribe   replaces the subscription (new secret) or retries it
 *
 * @package SyncWarden
 */

namespace SyncWarden\REST;

use SyncWarden\Storage\ConnectionsRepository;
use SyncWarden\Storage\CredentialsRepository;
use SyncWarden\Webhooks\PushSubscriptions;
use SyncWarden\Webhooks\SecurityEvents;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

defined( 'ABSPATH' ) || exit;

/**
 * Transport only: the use cases live in Webhooks\PushSubscriptions. Administrator-only through
 * the Router like every route but the public ones.
 */
final class PushController {

	/**
	 * Constructor.
	 *
	 * @param ConnectionsRepository $connections Connections.
	 * @param PushSubscriptions     $push        Subscriptions.
	 * @param SecurityEvents        $security    Refusal counts.
	 * @param CredentialsRepository $credentials The Calendly app's webhook signing key (described only).
	 */
	public function __construct(
		private readonly ConnectionsRepository $connections,
		private readonly PushSubscriptions $push,
		private readonly SecurityEvents $security,
		private readonly CredentialsRepository $credentials
	) {
	}

	/**
	 * Registers the routes.
	 *
	 * @param Router $router Route registrar.
	 */
	public function register_routes( Router $router ): void {
		$id = array(
			'id' => array(
				'type'    => 'integer',
				'minimum' => 1,
			),
		);
		$router->add( '/connections/(?P<id>\d+)/push', WP_REST_Server::READABLE, array( $this, 'status' ), $id );
		$router->add( '/connections/(?P<id>\d+)/push/resubscribe', WP_REST_Server::CREATABLE, array( $this, 'resubscribe' ), $id );
	}

	/**
	 * GET /connections/{id}/push.
	 *
	 * @param WP_REST_Request $request Request.
	 */
	public function status( WP_REST_Request $request ): WP_REST_Response|WP_Error {
		$id = (int) $request->get_param( 'id' );
		if ( null === $this->connections->find( $id ) ) {
			return RestErrors::unknown_connection();
		}
		return new WP_REST_Response( $this->describe( $this->push->status( $id ) ) );
	}

	/**
	 * POST /connections/{id}/push/resubscribe.
	 *
	 * @param WP_REST_Request $request Request.
	 */
	public function resubscribe( WP_REST_Request $request ): WP_REST_Response|WP_Error {
		$id         = (int) $request->get_param( 'id' );
		$connection = $this->connections->find( $id );
		if ( null === $connection ) {
			return RestErrors::unknown_connection();
		}
		if ( ! PushSubscriptions::supports( $connection ) ) {
			return new WP_Error( 'syncwarden_push_unsupported', __( 'This connection does not receive webhooks: only Calendly, Google Calendar and Outlook connections that import use them.', 'syncwarden' ), array( 'status' => 409 ) );
		}
		return new WP_REST_Response( $this->describe( $this->push->resubscribe( $id ) ) );
	}

	/**
	 * The status with today's refusal count.
	 *
	 * @param array $status Status from PushSubscriptions.
	 * @return array<string, mixed>
	 */
	private function describe( array $status ): array {
		$provider = (string) ( $this->connections->find( (int) $status['connection_id'] )['provider'] ?? '' );
		// Calendly signs an OAuth app's deliveries with the app's key; without it all are refused.
		$blocked = in_array( $provider, CredentialsRepository::SIGNING_KEY_PROVIDERS, true )
			&& CredentialsRepository::SECRET_SET !== $this->credentials->describe_signing_key( $provider )['state'];
		return $status + array(
			'refused_today'        => $this->security->refused_today( (int) $status['connection_id'] ),
			'verification_blocked' => $blocked,
		);
	}
}
