<?php
/**
 * A provider SyncWarden imports events from.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Providers;

defined( 'ABSPATH' ) || exit;

/**
 * The import capability of a Provider (Google Calendar, Outlook, Calendly): how to list its events
 * page by page, incrementally, and what a page means.
 */
interface CalendarSource extends Provider {

	/** Response cap for one import page: real pages (HTML bodies, attendees) exceed HttpClient's default. */
	public const IMPORT_MAX_BYTES = 6291456;

	/**
	 * One request of an import run: everything when `$sync_token` is null, otherwise only the
	 * changes since it; `$page_token` continues a run.
	 * A path may be an absolute URL the provider handed out (Graph's next and delta links); the
	 * token service only sends it below the connection's own API base.
	 *
	 * `max_bytes` is the response cap for the page (see self::IMPORT_MAX_BYTES).
	 *
	 * @param string|null                      $sync_token  Cursor saved by the last complete run.
	 * @param string|null                      $page_token  Next page of this run.
	 * @param string                           $account_ref The connection's account reference.
	 * @param array{start: int, end: int}|null $window      Span a listing without a cursor covers
	 *                                                      (default: ImportWindow::around( now )).
	 * @return array{path: string, shape: array, headers?: array<string, string>, max_bytes?: int}
	 */
	public function import_request( ?string $sync_token, ?string $page_token, string $account_ref, ?array $window = null ): array;

	/**
	 * The call that tells whether an event a page reported as removed (by id only, as Graph's
	 * `@removed` does for deletions and for events that left the listed window alike) still
	 * exists; null when the provider's removals are always deletions.
	 *
	 * @param string $external_id The provider's id.
	 * @return array{path: string, shape: array}|null
	 */
	public function removal_check( string $external_id ): ?array;

	/**
	 * A page of an import, normalised.
	 *
	 * @param array $data Shaped response.
	 * An event with `removed` true is known by id only and may merely have left the window.
	 *
	 * @return array{events: array<int, array{external_id: string, status: string, removed?: bool, title?: string, starts_at?: int, ends_at?: int, timezone?: string, all_day?: bool}>, next_page: ?string, sync_token: ?string}
	 * @throws \SyncWarden\Http\HttpError INVALID_RESPONSE for an item that cannot be read.
	 */
	public function import_page( array $data ): array;
}
