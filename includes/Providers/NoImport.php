<?php
/**
 * For providers SyncWarden does not import from (CRMs, and those whose import is not built yet).
 *
 * @package SyncWarden
 */

namespace SyncWarden\Providers;

defined( 'ABSPATH' ) || exit;

/**
 * The import half of Provider, answering "nothing to import".
 */
trait NoImport {

	/**
	 * No import request.
	 *
	 * @param string|null $sync_token Unused.
	 * @param string|null $page_token Unused.
	 * @param string      $account_ref Unused.
	 * @param array|null  $window      Unused.
	 */
	public function import_request( ?string $sync_token, ?string $page_token, string $account_ref, ?array $window = null ): ?array {
		return null;
	}

	/**
	 * No removals to check.
	 *
	 * @param string $external_id Unused.
	 */
	public function removal_check( string $external_id ): ?array {
		return null;
	}

	/**
	 * An empty page.
	 *
	 * @param array $data Unused.
	 */
	public function import_page( array $data ): array {
		return BookingFormat::NO_PAGE;
	}
}
