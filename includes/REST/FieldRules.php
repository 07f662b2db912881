<?php
/**
 * Argument schemas shared by routes, with messages an administrator can act on.
 *
 * @package SyncWarden
 */

namespace SyncWarden\REST;

use WP_Error;

defined( 'ABSPATH' ) || exit;

/**
 * A field that fails gets a 400 whose `data.params` names it with its own message.
 */
final class FieldRules {

	public const MAX_SECRET_BYTES = 4096;

	/**
	 * A single-line text credential (client id, client secret): non-empty, ≤ 4 KB, no control characters.
	 *
	 * @param string $label    Field name as the administrator knows it.
	 * @param bool   $required Whether the field must be present.
	 * @return array<string, mixed>
	 */
	public static function credential( string $label, bool $required ): array {
		return array(
			'type'              => 'string',
			'required'          => $required,
			'validate_callback' => static fn( $value ) => self::validate_credential( $value, $label ),
			'sanitize_callback' => static fn( $value ) => $value, // Validated exactly; never altered.
		);
	}

	/**
	 * `page` and `per_page` for server-paged lists (totals go out in X-WP-Total headers).
	 *
	 * @return array<string, array>
	 */
	public static function paging(): array {
		return array(
			'page'     => array(
				'type'    => 'integer',
				'minimum' => 1,
				'default' => 1,
			),
			'per_page' => array(
				'type'    => 'integer',
				'minimum' => 1,
				'maximum' => 100,
				'default' => 25,
			),
		);
	}

	/**
	 * A free-text search box (100 characters at most).
	 *
	 * @return array<string, mixed>
	 */
	public static function search(): array {
		return array(
			'type'      => 'string',
			'maxLength' => 100,
		);
	}

	/**
	 * Validates one credential value.
	 *
	 * @param mixed  $value Submitted value.
	 * @param string $label Field name.
	 * @return true|WP_Error
	 */
	public static function validate_credential( $value, string $label ): bool|WP_Error {
		$problem = null;
		if ( ! is_string( $value ) ) {
			/* translators: %s: field name */
			$problem = sprintf( __( '%s must be text.', 'syncwarden' ), $label );
		} elseif ( '' === trim( $value ) ) {
			/* translators: %s: field name */
			$problem = sprintf( __( '%s cannot be empty.', 'syncwarden' ), $label );
		} elseif ( strlen( $value ) > self::MAX_SECRET_BYTES ) {
			/* translators: %s: field name */
			$problem = sprintf( __( '%s is longer than 4 KB; check that you pasted the right value.', 'syncwarden' ), $label );
		} elseif ( preg_match( '/[\x00-\x1F\x7F]/', $value ) ) {
			/* translators: %s: field name */
			$problem = sprintf( __( '%s contains control characters such as line breaks or tabs; paste it again without them.', 'syncwarden' ), $label );
		}
		return null === $problem ? true : new WP_Error( 'rest_invalid_param', $problem, array( 'status' => 400 ) );
	}
}
