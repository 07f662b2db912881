<?php
/**
 * Plain words for WordPress's own argument validation errors on SyncWarden's routes.
 *
 * @package SyncWarden
 */

namespace SyncWarden\REST;

use WP_Error;
use WP_REST_Request;

defined( 'ABSPATH' ) || exit;

/**
 * WordPress answers a bad argument with "Invalid parameter(s): failure_threshold" and, per field,
 * "failure_threshold must be between 1 (inclusive) and 20 (inclusive)": a parameter name and
 * schema jargon. For `syncwarden/v1` routes this rewrites both from the route's own schema: each
 * field's message says what to enter (shown beside the field), the top message names the field
 * as the administrator knows it (the arg's `label`) and says nothing was saved. A message a
 * route's own validate_callback wrote (FieldRules) is already in words and is kept. Status code,
 * error code and which fields failed stay exactly as WordPress decided.
 */
final class PlainErrors {

	/**
	 * Attaches to WordPress.
	 */
	public function register_hooks(): void {
		add_filter( 'rest_request_after_callbacks', array( $this, 'rewrite' ), 10, 3 );
	}

	/**
	 * Rewrites a validation error of one of SyncWarden's routes.
	 *
	 * @param mixed           $response Response or error.
	 * @param array           $handler  The matched handler (its `args` schema).
	 * @param WP_REST_Request $request  Request.
	 * @return mixed
	 */
	public function rewrite( $response, $handler, $request ) {
		if ( ! $response instanceof WP_Error || ! $request instanceof WP_REST_Request ) {
			return $response;
		}
		$code = $response->get_error_code();
		if ( ! in_array( $code, array( 'rest_invalid_param', 'rest_missing_callback_param' ), true )
			|| ! str_starts_with( ltrim( strtolower( $request->get_route() ), '/' ), Router::NAMESPACE . '/' ) ) {
			return $response;
		}
		$args   = is_array( $handler['args'] ?? null ) ? $handler['args'] : array();
		$data   = (array) $response->get_error_data();
		$fields = 'rest_missing_callback_param' === $code
			? array_fill_keys( (array) ( $data['params'] ?? array() ), '' )
			: (array) ( $data['params'] ?? array() );
		$params = array();
		$lines  = array();
		foreach ( $fields as $name => $original ) {
			$schema          = is_array( $args[ $name ] ?? null ) ? $args[ $name ] : array();
			$message         = 'rest_missing_callback_param' === $code
				? __( 'This is required.', 'syncwarden' )
				: self::field_message( $schema, (string) $original );
			$own             = 'rest_missing_callback_param' !== $code && $message === (string) $original;
			$params[ $name ] = $message;
			if ( isset( $data['details'][ $name ]['message'] ) ) {
				$data['details'][ $name ]['message'] = $message; // Core's copy of the jargon (6.x).
			}
			// A route's own message names its field already ("The client secret cannot be empty.").
			$lines[] = $own ? $message : sprintf(
				/* translators: 1: field name as shown on the screen, 2: what is wrong with it */
				__( '%1$s: %2$s', 'syncwarden' ),
				self::label( (string) $name, $schema ),
				$message
			);
		}
		$data['params'] = $params;
		$summary        = match ( $request->get_method() ) {
			/* translators: %s: one sentence per field that needs a change */
			'GET'    => sprintf( __( 'Check this and try again. %s', 'syncwarden' ), implode( ' ', $lines ) ),
			/* translators: %s: one sentence per field that needs a change */
			'DELETE' => sprintf( __( 'Nothing was changed. %s', 'syncwarden' ), implode( ' ', $lines ) ),
			/* translators: %s: one sentence per field that needs a change */
			default  => sprintf( __( 'Nothing was saved. %s', 'syncwarden' ), implode( ' ', $lines ) ),
		};
		return new WP_Error( $code, $summary, $data );
	}

	/**
	 * What to enter, from the field's schema; a route's own message where it wrote one.
	 *
	 * @param array  $schema   The arg's schema.
	 * @param string $original WordPress's message for the field.
	 */
	private static function field_message( array $schema, string $original ): string {
		$callback = $schema['validate_callback'] ?? 'rest_validate_request_arg';
		if ( 'rest_validate_request_arg' !== $callback && '' !== $original ) {
			return $original; // Written by FieldRules or the route itself, in words already.
		}
		$type = $schema['type'] ?? '';
		if ( isset( $schema['enum'] ) ) {
			return __( 'Choose one of the offered options.', 'syncwarden' );
		}
		if ( 'integer' === $type && isset( $schema['minimum'], $schema['maximum'] ) ) {
			/* translators: 1: smallest allowed number, 2: largest allowed number */
			return sprintf( __( 'Enter a whole number from %1$d to %2$d.', 'syncwarden' ), $schema['minimum'], $schema['maximum'] );
		}
		if ( 'integer' === $type && isset( $schema['minimum'] ) ) {
			/* translators: %d: smallest allowed number */
			return sprintf( __( 'Enter a whole number of at least %d.', 'syncwarden' ), $schema['minimum'] );
		}
		if ( 'integer' === $type ) {
			return __( 'Enter a whole number.', 'syncwarden' );
		}
		if ( 'boolean' === $type ) {
			return __( 'Choose on or off.', 'syncwarden' );
		}
		if ( 'string' === $type && isset( $schema['maxLength'] ) ) {
			/* translators: %d: number of characters */
			return sprintf( _n( 'Use at most %d character.', 'Use at most %d characters.', (int) $schema['maxLength'], 'syncwarden' ), $schema['maxLength'] );
		}
		return __( 'This value cannot be used here.', 'syncwarden' );
	}

	/**
	 * The field as the screen names it: the arg's `label`, else its name in words.
	 *
	 * @param string $name   Parameter name.
	 * @param array  $schema The arg's schema.
	 */
	private static function label( string $name, array $schema ): string {
		if ( isset( $schema['label'] ) && is_string( $schema['label'] ) ) {
			return $schema['label'];
		}
		return ucfirst( str_replace( '_', ' ', $name ) );
	}
}
