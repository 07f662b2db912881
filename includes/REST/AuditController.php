<?php
/**
 * The audit log over REST.
 *
 * GET /audit          filtered, paged entries (X-WP-Total / X-WP-TotalPages headers)
 * GET /audit/export   the same filters as CSV (up to 5,000 rows), delivered as JSON { filename, csv }
 *
 * @package SyncWarden
 */

namespace SyncWarden\REST;

use SyncWarden\Audit\AuditLog;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

defined( 'ABSPATH' ) || exit;

/**
 * Transport only. Filtering and paging happen in SQL, not in the browser.
 */
final class AuditController {

	private const EXPORT_LIMIT = 5000;

	/**
	 * Constructor.
	 *
	 * @param AuditLog $log Audit log.
	 */
	public function __construct( private readonly AuditLog $log ) {
	}

	/**
	 * Registers the routes.
	 *
	 * @param Router $router Route registrar.
	 */
	public function register_routes( Router $router ): void {
		$filters = array(
			'action'        => array(
				'type'      => 'string',
				'pattern'   => '^[a-z_.]{1,64}$',
			),
			'result'        => array(
				'type' => 'string',
				'enum' => AuditLog::RESULTS,
			),
			'connection_id' => array(
				'type'    => 'integer',
				'minimum' => 1,
			),
			'provider'      => array(
				'type'    => 'string',
				'pattern' => '^[a-z]{1,32}$',
			),
			'from'          => array(
				'type'    => 'integer',
				'minimum' => 0,
			),
			'to'            => array(
				'type'    => 'integer',
				'minimum' => 0,
			),
			'search'        => FieldRules::search(),
		);
		$router->add( '/audit', WP_REST_Server::READABLE, array( $this, 'list_entries' ), $filters + FieldRules::paging() );
		$router->add( '/audit/export', WP_REST_Server::READABLE, array( $this, 'export' ), $filters );
	}

	/**
	 * GET /audit.
	 *
	 * @param WP_REST_Request $request Request.
	 */
	public function list_entries( WP_REST_Request $request ): WP_REST_Response {
		$filters  = self::filters( $request );
		$page     = $this->log->query( $filters );
		// An empty context must stay a JSON object ({}), not become a list ([]).
		$items    = array_map( static fn( array $entry ) => array( 'context' => (object) $entry['context'] ) + $entry, $page['items'] );
		$response = new WP_REST_Response( $items );
		$response->header( 'X-WP-Total', (string) $page['total'] );
		$response->header( 'X-WP-TotalPages', (string) max( 1, (int) ceil( $page['total'] / $filters['per_page'] ) ) );
		return $response;
	}

	/**
	 * GET /audit/export.
	 *
	 * @param WP_REST_Request $request Request.
	 */
	public function export( WP_REST_Request $request ): WP_REST_Response {
		$entries = $this->log->query( array( 'per_page' => self::EXPORT_LIMIT ) + self::filters( $request ) )['items'];
		$lines   = array( self::csv_line( array( 'time_utc', 'user', 'event', 'result', 'provider', 'connection_id', 'booking_id', 'fields', 'details' ) ) );
		foreach ( $entries as $entry ) {
			$lines[] = self::csv_line(
				array(
					gmdate( 'Y-m-d H:i:s', $entry['time'] ),
					$entry['user'],
					$entry['event'],
					$entry['result'],
					$entry['provider'],
					(string) $entry['connection_id'],
					(string) $entry['booking_id'],
					implode( ' ', $entry['fields'] ),
					(string) wp_json_encode( $entry['context'] ),
				)
			);
		}
		return new WP_REST_Response(
			array(
				'filename' => 'syncwarden-activity-' . gmdate( 'Y-m-d' ) . '.csv',
				'csv'      => implode( "\r\n", $lines ) . "\r\n",
			)
		);
	}

	/**
	 * The request's filters, paging included.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return array<string, mixed>
	 */
	private static function filters( WP_REST_Request $request ): array {
		$filters = array();
		foreach ( array( 'action', 'result', 'connection_id', 'provider', 'from', 'to', 'search', 'page', 'per_page' ) as $key ) {
			if ( null !== $request->get_param( $key ) ) {
				$filters[ $key ] = $request->get_param( $key );
			}
		}
		return $filters + array(
			'page'     => 1,
			'per_page' => 25,
		);
	}

	/**
	 * One CSV line. Cells that a spreadsheet would run as a formula are defused with a quote.
	 *
	 * @param string[] $cells Cells.
	 */
	private static function csv_line( array $cells ): string {
		return implode(
			',',
			array_map(
				static function ( string $cell ): string {
					if ( preg_match( '/^[=+\-@\t\r]/', $cell ) ) {
						$cell = "'" . $cell;
					}
					return '"' . str_replace( '"', '""', $cell ) . '"';
				},
				$cells
			)
		);
	}
}
