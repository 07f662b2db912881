<?php
/**
 * Encryption status and key rotation.
 *
 * GET  /vault             key source, fingerprint, counts of current/stale/unreadable secrets, job progress
 * POST /vault/reencrypt   starts the batched re-encryption job
 *
 * @package SyncWarden
 */

namespace SyncWarden\REST;

use SyncWarden\Health\EnvironmentReport;
use SyncWarden\Storage\KeyMonitor;
use SyncWarden\Storage\KeyRing;
use SyncWarden\Storage\ReencryptJob;
use WP_REST_Response;
use WP_REST_Server;

defined( 'ABSPATH' ) || exit;

/**
 * Transport only. Reports key facts, never key material.
 */
final class VaultController {

	/**
	 * Constructor.
	 *
	 * @param KeyRing      $keys    Running keys.
	 * @param KeyMonitor   $monitor Secret counts.
	 * @param ReencryptJob $job     Re-encryption job.
	 */
	public function __construct(
		private readonly KeyRing $keys,
		private readonly KeyMonitor $monitor,
		private readonly ReencryptJob $job
	) {
	}

	/**
	 * Registers the routes.
	 *
	 * @param Router $router Route registrar.
	 */
	public function register_routes( Router $router ): void {
		$router->add( '/vault', WP_REST_Server::READABLE, array( $this, 'get_vault' ) );
		$router->add( '/vault/reencrypt', WP_REST_Server::CREATABLE, array( $this, 'start_reencrypt' ) );
	}

	/**
	 * GET /vault.
	 */
	public function get_vault(): WP_REST_Response {
		$this->monitor->check_fingerprint();
		$job = $this->job->state();
		return new WP_REST_Response(
			array(
				'key_source'      => $this->keys->source(),
				'key_fingerprint' => $this->keys->current_id(),
				'previous_keys'   => $this->keys->previous_count(),
				'config_errors'   => $this->keys->config_errors(),
				'sodium'          => EnvironmentReport::sodium_implementation(),
				'secrets'         => $this->monitor->state(),
				'reencrypt'       => array(
					'status'      => $job['status'],
					'moved'       => $job['moved'],
					'failed'      => $job['failed'],
					'started_at'  => $job['started_at'],
					'finished_at' => $job['finished_at'],
				),
			)
		);
	}

	/**
	 * POST /vault/reencrypt.
	 */
	public function start_reencrypt(): WP_REST_Response {
		$this->job->start();
		return new WP_REST_Response( $this->get_vault()->get_data(), 202 );
	}
}
