<?php
/**
 * Errors several controllers answer with the same words.
 *
 * @package SyncWarden
 */

namespace SyncWarden\REST;

use WP_Error;

defined( 'ABSPATH' ) || exit;

/**
 * One wording per refusal, whichever route gives it.
 */
final class RestErrors {

	/**
	 * A path names a connection that does not exist.
	 */
	public static function unknown_connection(): WP_Error {
		return new WP_Error( 'syncwarden_unknown_connection', __( 'This connection does not exist (it may have been disconnected already).', 'syncwarden' ), array( 'status' => 404 ) );
	}
}
