<?php
/**
 * Booking plugins as sources: which are detected, their settings, and the backfill.
 *
 * GET  /sources                  every known source: detected (active), installed, version, enabled, tentative, exported statuses, last booking seen, busy-time note
 * PUT  /sources/{id}             enabled, tentative → saved (audited)
 * POST /sources/{id}/backfill    days (1–365), after (plugin id to continue after) → one page: handled, sent, next, done
 *
 * @package SyncWarden
 */

namespace SyncWarden\REST;

use SyncWarden\Audit\AuditTrail;
use SyncWarden\Sources\Backfill;
use SyncWarden\Sources\Poller;
use SyncWarden\Sources\Source;
use SyncWarden\Sources\StatusPolicy;
use SyncWarden\Storage\SourceLinksRepository;
use SyncWarden\Storage\SourceSettings;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

defined( 'ABSPATH' ) || exit;

/**
 * Transport only: the registry decides what is detected, Backfill does the paging.
 */
final class SourcesController {

	/**
	 * Constructor.
	 *
	 * @param Backfill              $backfill Backfill (and its registry).
	 * @param SourceSettings        $settings Per-source settings.
	 * @param SourceLinksRepository $links    Source links (last booking seen).
	 * @param AuditTrail            $audit    Audit trail.
	 */
	public function __construct(
		private readonly Backfill $backfill,
		private readonly SourceSettings $settings,
		private readonly SourceLinksRepository $links,
		private readonly AuditTrail $audit
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
				'type'    => 'string',
				'pattern' => '^[a-z-]{1,32}$',
			),
		);
		$router->add( '/sources', WP_REST_Server::READABLE, array( $this, 'list_sources' ) );
		$router->add(
			'/sources/(?P<id>[a-z-]+)',
			'PUT',
			array( $this, 'save' ),
			$id + array(
				'enabled'   => array( 'type' => 'boolean' ),
				'tentative' => array( 'type' => 'boolean' ),
			)
		);
		$router->add(
			'/sources/(?P<id>[a-z-]+)/backfill',
			WP_REST_Server::CREATABLE,
			array( $this, 'backfill' ),
			$id + array(
				'days'  => array(
					'type'     => 'integer',
					'minimum'  => 1,
					'maximum'  => Backfill::MAX_DAYS,
					'required' => true,
				),
				'after' => array(
					'type'    => 'integer',
					'minimum' => 0,
					'default' => 0,
				),
			)
		);
	}

	/**
	 * GET /sources.
	 */
	public function list_sources(): WP_REST_Response {
		return new WP_REST_Response( array_values( array_map( array( $this, 'describe' ), $this->backfill->registry()->all() ) ) );
	}

	/**
	 * PUT /sources/{id}.
	 *
	 * @param WP_REST_Request $request Request.
	 */
	public function save( WP_REST_Request $request ): WP_REST_Response|WP_Error {
		$source = $this->source( $request );
		if ( is_wp_error( $source ) ) {
			return $source;
		}
		$changes = array_intersect_key( $request->get_params(), array_flip( array( 'enabled', 'tentative' ) ) );
		$this->settings->save( $source->id(), $changes );
		if ( $source instanceof Poller ) {
			$source->keep_polling( $this->backfill->registry()->is_on( $source ) ); // Switched off: no poll runs from now on.
		}
		$this->audit->record(
			'sources.saved',
			array(
				'source' => $source->id(),
				'fields' => array_keys( $changes ),
			)
		);
		return new WP_REST_Response( $this->describe( $source ) );
	}

	/**
	 * POST /sources/{id}/backfill: one page.
	 *
	 * @param WP_REST_Request $request Request.
	 */
	public function backfill( WP_REST_Request $request ): WP_REST_Response|WP_Error {
		$source = $this->source( $request );
		if ( is_wp_error( $source ) ) {
			return $source;
		}
		if ( ! $this->backfill->registry()->is_on( $source ) ) {
			/* translators: %s: booking plugin name */
			return new WP_Error( 'syncwarden_source_inactive', sprintf( __( '%s is not active on this site or is switched off here, so there is nothing to send.', 'syncwarden' ), $source->label() ), array( 'status' => 409 ) );
		}
		$page = $this->backfill->page( $source, (int) $request['days'], (int) $request['after'] );
		if ( $page['done'] ) {
			$this->audit->record( 'sources.backfilled', array( 'source' => $source->id(), 'count' => $page['sent'] ) );
		}
		return new WP_REST_Response( $page );
	}

	/**
	 * The source a path names, or a 404.
	 *
	 * @param WP_REST_Request $request Request.
	 */
	private function source( WP_REST_Request $request ): Source|WP_Error {
		$source = $this->backfill->registry()->get( (string) $request['id'] );
		return $source ?? new WP_Error( 'syncwarden_unknown_source', __( 'SyncWarden does not know this booking plugin.', 'syncwarden' ), array( 'status' => 404 ) );
	}

	/**
	 * What the Sources section shows about one source (no personal data: the last booking is
	 * named by its ids and time only).
	 *
	 * @param Source $source Source.
	 * @return array<string, mixed>
	 */
	private function describe( Source $source ): array {
		$settings = $this->settings->get( $source->id() );
		$version  = $this->backfill->registry()->installed_version( $source );
		$active   = $this->backfill->registry()->is_active( $source );
		return array(
			'id'                => $source->id(),
			'label'             => $source->label(),
			'detected'          => $active,
			'own_calendar_sync' => $active ? $source->own_calendar_sync() : array(),
			'installed'         => null !== $version,
			'version'           => (string) $version,
			'enabled'           => $settings['enabled'],
			'tentative'         => $settings['tentative'],
			'exported'          => StatusPolicy::exported( $settings['tentative'] ),
			'last_seen'         => $this->links->last_seen( $source->id() ),
			'busy_time_note'    => $source->busy_time_note(),
		);
	}
}
