<?php
/**
 * GET /syncwarden/v1/status — the environment report.
 *
 * @package SyncWarden
 */

namespace SyncWarden\REST;

use SyncWarden\Health\EnvironmentReport;
use WP_REST_Response;
use WP_REST_Server;

defined( 'ABSPATH' ) || exit;

/**
 * Transport only: the facts come from EnvironmentReport.
 */
final class StatusController {

	/**
	 * Constructor.
	 *
	 * @param EnvironmentReport $environment Source of the facts.
	 */
	public function __construct( private readonly EnvironmentReport $environment ) {
	}

	/**
	 * Registers the route.
	 *
	 * @param Router $router Route registrar.
	 */
	public function register_routes( Router $router ): void {
		$router->add( '/status', WP_REST_Server::READABLE, array( $this, 'get_status' ), array(), array( $this, 'get_schema' ) );
	}

	/**
	 * Handler.
	 */
	public function get_status(): WP_REST_Response {
		return new WP_REST_Response( $this->environment->facts() );
	}

	/**
	 * Response schema (also what the admin app's zod schema mirrors).
	 *
	 * @return array<string, mixed>
	 */
	public function get_schema(): array {
		return array(
			'$schema'    => 'http://json-schema.org/draft-04/schema#',
			'title'      => 'syncwarden-status',
			'type'       => 'object',
			'properties' => array(
				'plugin_version'    => array( 'type' => 'string' ),
				'wordpress_version' => array( 'type' => 'string' ),
				'php_version'       => array( 'type' => 'string' ),
				'sodium'            => array(
					'type' => 'string',
					'enum' => array( EnvironmentReport::SODIUM_NATIVE, EnvironmentReport::SODIUM_COMPAT, EnvironmentReport::SODIUM_MISSING ),
				),
				'https'             => array( 'type' => 'boolean' ),
				'wp_cron_disabled'  => array( 'type' => 'boolean' ),
				'environment_type'  => array(
					'type' => 'string',
					'enum' => array( 'local', 'development', 'staging', 'production' ),
				),
			),
		);
	}
}
