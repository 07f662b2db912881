<?php
/**
 * The export outbox.
 *
 * GET  /outbox             backlog per connection and the jobs that need attention
 * POST /outbox/{id}/retry  puts a parked job back in the queue
 *
 * @package SyncWarden
 */

namespace SyncWarden\REST;

use SyncWarden\Storage\OutboxRepository;
use SyncWarden\Sync\Outbox;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

defined( 'ABSPATH' ) || exit;

/**
 * Transport only.
 */
final class OutboxController {

	/**
	 * Constructor.
	 *
	 * @param OutboxRepository $jobs   Jobs.
	 * @param Outbox           $outbox Use case.
	 */
	public function __construct( private readonly OutboxRepository $jobs, private readonly Outbox $outbox ) {
	}

	/**
	 * Registers the routes.
	 *
	 * @param Router $router Route registrar.
	 */
	public function register_routes( Router $router ): void {
		$router->add( '/outbox', WP_REST_Server::READABLE, array( $this, 'get_outbox' ) );
		$router->add(
			'/outbox/(?P<id>\d+)/retry',
			WP_REST_Server::CREATABLE,
			array( $this, 'retry' ),
			array(
				'id' => array(
					'type'    => 'integer',
					'minimum' => 1,
				),
			)
		);
	}

	/**
	 * GET /outbox.
	 */
	public function get_outbox(): WP_REST_Response {
		$backlog = array();
		foreach ( $this->jobs->backlog() as $connection_id => $counts ) {
			$backlog[] = array( 'connection_id' => $connection_id ) + $counts;
		}
		$parked = array_map(
			static fn( array $job ) => array_intersect_key( $job, array_flip( array( 'id', 'booking_id', 'connection_id', 'operation', 'attempts', 'last_error', 'updated_at' ) ) ),
			$this->jobs->by_status( OutboxRepository::PARKED )
		);
		return new WP_REST_Response(
			array(
				'backlog' => $backlog,
				'parked'  => $parked,
			)
		);
	}

	/**
	 * POST /outbox/{id}/retry.
	 *
	 * @param WP_REST_Request $request Request.
	 */
	public function retry( WP_REST_Request $request ): WP_REST_Response|WP_Error {
		if ( ! $this->outbox->retry( (int) $request->get_param( 'id' ) ) ) {
			return new WP_Error( 'syncwarden_not_parked', __( 'This job is not waiting for a retry (it may have been sent already).', 'syncwarden' ), array( 'status' => 409 ) );
		}
		return new WP_REST_Response( array( 'retried' => true ) );
	}
}
