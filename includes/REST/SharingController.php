<?php
/**
 * Data sharing: which booking fields each connection may send, with the exact payload.
 *
 * GET  /connections/{id}/sharing           fields (required / optional), allowed, preview
 * PUT  /connections/{id}/sharing           allowed[] → saved (audited with field names)
 * POST /connections/{id}/sharing/preview   allowed[] → the payload those settings would send
 *
 * @package SyncWarden
 */

namespace SyncWarden\REST;

use SyncWarden\Audit\AuditTrail;
use SyncWarden\Providers\ExportTarget;
use SyncWarden\Providers\ProviderRegistry;
use SyncWarden\Storage\ConnectionsRepository;
use SyncWarden\Storage\SharingSettings;
use SyncWarden\Sync\PayloadBuilder;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

defined( 'ABSPATH' ) || exit;

/**
 * Transport only; payloads come from PayloadBuilder, the path real exports use.
 */
final class SharingController {

	/**
	 * Constructor.
	 *
	 * @param ConnectionsRepository $connections Connections.
	 * @param ProviderRegistry      $providers   Providers.
	 * @param SharingSettings       $sharing     Allowlists.
	 * @param AuditTrail            $audit       Audit trail.
	 */
	public function __construct(
		private readonly ConnectionsRepository $connections,
		private readonly ProviderRegistry $providers,
		private readonly SharingSettings $sharing,
		private readonly AuditTrail $audit
	) {
	}

	/**
	 * Registers the routes.
	 *
	 * @param Router $router Route registrar.
	 */
	public function register_routes( Router $router ): void {
		$id      = array(
			'id' => array(
				'type'    => 'integer',
				'minimum' => 1,
			),
		);
		$allowed = $id + array(
			'allowed' => array(
				'type'     => 'array',
				'items'    => array(
					'type'    => 'string',
					'pattern' => '^[a-z_]{1,32}$',
				),
				'required' => true,
			),
		);
		$router->add( '/connections/(?P<id>\d+)/sharing', WP_REST_Server::READABLE, array( $this, 'get_sharing' ), $id );
		$router->add( '/connections/(?P<id>\d+)/sharing', 'PUT', array( $this, 'save_sharing' ), $allowed );
		$router->add( '/connections/(?P<id>\d+)/sharing/preview', WP_REST_Server::CREATABLE, array( $this, 'preview' ), $allowed );
	}

	/**
	 * GET /connections/{id}/sharing.
	 *
	 * @param WP_REST_Request $request Request.
	 */
	public function get_sharing( WP_REST_Request $request ): WP_REST_Response|WP_Error {
		$id = (int) $request->get_param( 'id' );
		return $this->describe( $id, $this->sharing->allowed( $id ) );
	}

	/**
	 * PUT /connections/{id}/sharing.
	 *
	 * @param WP_REST_Request $request Request.
	 */
	public function save_sharing( WP_REST_Request $request ): WP_REST_Response|WP_Error {
		$id       = (int) $request->get_param( 'id' );
		$allowed  = (array) $request->get_param( 'allowed' );
		$response = $this->describe( $id, $allowed );
		if ( ! is_wp_error( $response ) ) {
			$this->sharing->save( $id, $allowed );
			$this->audit->record(
				'sharing.changed',
				array(
					'connection_id' => $id,
					'provider'      => $response->get_data()['provider'],
					'fields'        => $allowed,
				)
			);
		}
		return $response;
	}

	/**
	 * POST /connections/{id}/sharing/preview.
	 *
	 * @param WP_REST_Request $request Request.
	 */
	public function preview( WP_REST_Request $request ): WP_REST_Response|WP_Error {
		return $this->describe( (int) $request->get_param( 'id' ), (array) $request->get_param( 'allowed' ) );
	}

	/**
	 * The sharing settings of a connection with the payload they produce.
	 *
	 * @param int      $id      Connection id.
	 * @param string[] $allowed Allowed optional fields.
	 */
	private function describe( int $id, array $allowed ): WP_REST_Response|WP_Error {
		$connection = $this->connections->find( $id );
		$provider   = null === $connection ? null : $this->providers->get( $connection['provider'] );
		if ( null === $provider ) {
			return new WP_Error( 'syncwarden_unknown_connection', __( 'This connection does not exist.', 'syncwarden' ), array( 'status' => 404 ) );
		}
		$fields  = PayloadBuilder::sharable_fields( $provider );
		$unknown = array_diff( $allowed, $fields['optional'] );
		if ( $unknown ) {
			/* translators: 1: fields, 2: allowed fields */
			$message = sprintf( __( 'These fields cannot be shared with this provider: %1$s. Choose from: %2$s.', 'syncwarden' ), implode( ', ', $unknown ), implode( ', ', $fields['optional'] ) ?: __( 'none', 'syncwarden' ) );
			return new WP_Error(
				'rest_invalid_param',
				$message,
				array(
					'status' => 400,
					'params' => array( 'allowed' => $message ),
				)
			);
		}
		return new WP_REST_Response(
			array(
				'connection_id' => $id,
				'provider'      => $provider->id(),
				'label'         => $provider->label(),
				'required'      => $fields['required'],
				'optional'      => $fields['optional'],
				'allowed'       => array_values( array_unique( $allowed ) ),
				// An empty payload must stay a JSON object; a provider SyncWarden does not export to gets none.
				'preview'       => (object) ( $provider instanceof ExportTarget ? PayloadBuilder::build( $provider, PayloadBuilder::sample_booking(), $allowed ) : array() ),
			)
		);
	}
}
