<?php
/**
 * Bookings for the admin screen.
 *
 * GET  /bookings       search, source, status, paging (X-WP-Total / X-WP-TotalPages)
 * POST /bookings       create (source "manual")
 * PUT  /bookings/{id}  change some fields, or cancel with status=cancelled
 *
 * @package SyncWarden
 */

namespace SyncWarden\REST;

use SyncWarden\Storage\BookingsRepository;
use SyncWarden\Sync\Bookings;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

defined( 'ABSPATH' ) || exit;

/**
 * Transport only: validation lives in Sync\Bookings, shared with the PHP API.
 */
final class BookingsController {

	private const FIELDS = array( 'title', 'start', 'end', 'all_day', 'timezone', 'status', 'customer_name', 'customer_email', 'customer_phone', 'notes' );

	/**
	 * Constructor.
	 *
	 * @param Bookings           $bookings   Use case.
	 * @param BookingsRepository $repository Listing.
	 */
	public function __construct( private readonly Bookings $bookings, private readonly BookingsRepository $repository ) {
	}

	/**
	 * Registers the routes.
	 *
	 * @param Router $router Route registrar.
	 */
	public function register_routes( Router $router ): void {
		$fields = array( 'all_day' => array( 'type' => 'boolean' ) ) + array_fill_keys( self::FIELDS, array( 'type' => 'string' ) );
		$router->add(
			'/bookings',
			WP_REST_Server::READABLE,
			array( $this, 'list_bookings' ),
			array(
				'search' => FieldRules::search(),
				'source' => array(
					'type'    => 'string',
					'pattern' => '^[a-z0-9_-]{1,64}$',
				),
				'status' => array(
					'type' => 'string',
					'enum' => Bookings::STATUSES,
				),
			) + FieldRules::paging()
		);
		$router->add( '/bookings', WP_REST_Server::CREATABLE, array( $this, 'create' ), $fields );
		$router->add(
			'/bookings/(?P<id>\d+)',
			'PUT',
			array( $this, 'update' ),
			$fields + array(
				'id' => array(
					'type'    => 'integer',
					'minimum' => 1,
				),
			)
		);
	}

	/**
	 * GET /bookings.
	 *
	 * @param WP_REST_Request $request Request.
	 */
	public function list_bookings( WP_REST_Request $request ): WP_REST_Response {
		$filters = array_filter( array_intersect_key( $request->get_params(), array_flip( array( 'search', 'source', 'status', 'page', 'per_page' ) ) ), static fn( $v ) => null !== $v && '' !== $v );
		$page    = $this->repository->query( $filters );
		$response = new WP_REST_Response( $page['items'] );
		$response->header( 'X-WP-Total', (string) $page['total'] );
		$response->header( 'X-WP-TotalPages', (string) max( 1, (int) ceil( $page['total'] / (int) $request->get_param( 'per_page' ) ) ) );
		return $response;
	}

	/**
	 * POST /bookings.
	 *
	 * @param WP_REST_Request $request Request.
	 */
	public function create( WP_REST_Request $request ): WP_REST_Response|WP_Error {
		$booking = $this->bookings->create( self::input( $request ), 'manual' );
		return is_wp_error( $booking ) ? $booking : new WP_REST_Response( $booking, 201 );
	}

	/**
	 * PUT /bookings/{id}.
	 *
	 * @param WP_REST_Request $request Request.
	 */
	public function update( WP_REST_Request $request ): WP_REST_Response|WP_Error {
		$booking = $this->bookings->update( (int) $request->get_param( 'id' ), self::input( $request ) );
		return is_wp_error( $booking ) ? $booking : new WP_REST_Response( $booking );
	}

	/**
	 * The booking fields the request carries.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return array<string, mixed>
	 */
	private static function input( WP_REST_Request $request ): array {
		return array_intersect_key( $request->get_params(), array_flip( self::FIELDS ) );
	}
}
