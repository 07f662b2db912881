<?php
/**
 * GET /syncwarden/v1/secret-ages — when each secret was set and when it is due for rotation.
 *
 * @package SyncWarden
 */

namespace SyncWarden\REST;

use SyncWarden\Health\SecretAges;
use WP_REST_Response;
use WP_REST_Server;

defined( 'ABSPATH' ) || exit;

/**
 * Transport only: the ages come from SecretAges. Names and timestamps only, never a secret.
 * Rotating is done where each secret is managed: a push secret through
 * POST /connections/{id}/push/resubscribe, a client secret or signing key by entering a new one.
 */
final class RotationController {

	/**
	 * Constructor.
	 *
	 * @param SecretAges $ages Secret ages.
	 */
	public function __construct( private readonly SecretAges $ages ) {
	}

	/**
	 * Registers the route.
	 *
	 * @param Router $router Route registrar.
	 */
	public function register_routes( Router $router ): void {
		$router->add( '/secret-ages', WP_REST_Server::READABLE, array( $this, 'get_ages' ), array(), array( $this, 'get_schema' ) );
	}

	/**
	 * Handler.
	 */
	public function get_ages(): WP_REST_Response {
		return new WP_REST_Response(
			array(
				'ages'    => SecretAges::ages(),
				'secrets' => $this->ages->all(),
			)
		);
	}

	/**
	 * Response schema (the admin app's zod schema mirrors it).
	 *
	 * @return array<string, mixed>
	 */
	public function get_schema(): array {
		$nullable_int = array( 'type' => array( 'integer', 'null' ) );
		return array(
			'$schema'    => 'http://json-schema.org/draft-04/schema#',
			'title'      => 'syncwarden-secret-ages',
			'type'       => 'object',
			'properties' => array(
				'ages'    => array(
					'type'                 => 'object',
					'additionalProperties' => array( 'type' => 'integer' ),
				),
				'secrets' => array(
					'type'  => 'array',
					'items' => array(
						'type'       => 'object',
						'properties' => array(
							'id'            => array( 'type' => 'string' ),
							'kind'          => array(
								'type' => 'string',
								'enum' => array( SecretAges::CLIENT_SECRET, SecretAges::SIGNING_KEY, SecretAges::PUSH_SECRET ),
							),
							'provider'      => array( 'type' => 'string' ),
							'connection_id' => $nullable_int,
							'label'         => array( 'type' => 'string' ),
							'source'        => array( 'type' => 'string' ),
							'set_at'        => $nullable_int,
							'max_age_days'  => array( 'type' => 'integer' ),
							'due_at'        => $nullable_int,
							'overdue'       => array( 'type' => 'boolean' ),
						),
					),
				),
			),
		);
	}
}
