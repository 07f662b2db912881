<?php
/**
 * A provider SyncWarden sends bookings to.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Providers;

defined( 'ABSPATH' ) || exit;

/**
 * The export capability of a Provider (calendars and CRMs): which booking fields it can receive,
 * the body and call for each operation, and how a retried create finds what it already made.
 */
interface ExportTarget extends Provider {

	/**
	 * Booking fields this provider can receive on export: `required` always go (without them the
	 * call is meaningless), `optional` only when the administrator allows them.
	 *
	 * @return array{required: string[], optional: string[]}
	 */
	public function sharable_fields(): array;

	/**
	 * The provider's request body for a booking, from fields already filtered by the allowlist.
	 * Called only by Sync\PayloadBuilder, the single place outbound bodies are built.
	 *
	 * @param array $shared Allowed booking fields (times always present for calendars), plus
	 *                      `export_key`: the booking id scoped to this installation (Storage\InstallId).
	 * @return array
	 */
	public function map_booking( array $shared ): array;

	/**
	 * The call that performs an export operation, or null when this provider does not do it (a
	 * cancelled booking does not delete a CRM contact).
	 *
	 * @param string      $operation   create, update or cancel.
	 * @param array       $payload     Body from Sync\PayloadBuilder.
	 * @param string|null $external_id The provider's id from an earlier export (update, cancel).
	 * @return array{method: string, path: string, json: ?array, shape: ?array}|null
	 */
	public function export_request( string $operation, array $payload, ?string $external_id ): ?array;

	/**
	 * The provider's id of what a create returned.
	 *
	 * @param array $response Shaped response.
	 */
	public function exported_id( array $response ): string;

	/**
	 * A lookup for what an earlier, unconfirmed attempt may already have created, so a retried
	 * create never makes a second one; null when the provider de-duplicates by itself. With
	 * `before_create` true the lookup runs before every first create too (Zoho: a contact found
	 * by e-mail is updated without the fields only an insert requires).
	 *
	 * @param int   $booking_id Booking id.
	 * @param array $payload    Body from Sync\PayloadBuilder.
	 * @return array{path: string, shape: array, id: callable(array): ?string, before_create?: bool}|null
	 */
	public function find_exported( int $booking_id, array $payload ): ?array;
}
