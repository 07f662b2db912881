<?php
/**
 * Checks decoded JSON against the shape a call expects and keeps only the known fields.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Http;

defined( 'ABSPATH' ) || exit;

/**
 * Shape syntax: `[ 'field' => 'string' | 'int' | 'number' | 'bool' | 'array', ... ]`, a `?` prefix
 * marks an optional (or null) field, a nested shape array describes an object, and
 * `[ [ ...shape ] ]` a list of such objects. Unknown fields are dropped, so nothing a provider
 * adds can flow further than the code that asked for it.
 */
final class JsonShape {

	/**
	 * Validates and filters.
	 *
	 * @param mixed  $data  Decoded JSON.
	 * @param array  $shape Expected shape.
	 * @param string $path  Where we are (for the error message).
	 * @return array Only the described fields.
	 * @throws HttpError INVALID_RESPONSE when the data does not fit.
	 */
	public static function apply( $data, array $shape, string $path = 'response' ): array {
		if ( self::is_list_shape( $shape ) ) {
			if ( ! is_array( $data ) || ! array_is_list( $data ) ) {
				throw self::mismatch( $path, 'a list' );
			}
			return array_map( static fn( $item, $index ) => self::apply( $item, $shape[0], "{$path}[{$index}]" ), $data, array_keys( $data ) );
		}
		if ( ! is_array( $data ) || ( $data && array_is_list( $data ) ) ) {
			throw self::mismatch( $path, 'an object' );
		}
		$clean = array();
		foreach ( $shape as $field => $type ) {
			$optional = is_string( $type ) && str_starts_with( $type, '?' );
			$present  = array_key_exists( $field, $data ) && null !== $data[ $field ];
			if ( ! $present ) {
				if ( ! $optional ) {
					throw self::mismatch( "$path.$field", 'present' );
				}
				continue;
			}
			$clean[ $field ] = is_array( $type )
				? self::apply( $data[ $field ], $type, "$path.$field" )
				: self::scalar( $data[ $field ], ltrim( $type, '?' ), "$path.$field" );
		}
		return $clean;
	}

	/**
	 * One scalar field.
	 *
	 * @param mixed  $value Value.
	 * @param string $type  Expected type.
	 * @param string $path  Field path.
	 * @return mixed
	 */
	private static function scalar( $value, string $type, string $path ) {
		$ok = match ( $type ) {
			'string' => is_string( $value ),
			'int'    => is_int( $value ) || ( is_string( $value ) && ctype_digit( $value ) ),
			'number' => is_int( $value ) || is_float( $value ),
			'bool'   => is_bool( $value ),
			'array'  => is_array( $value ),
			default  => false,
		};
		if ( ! $ok ) {
			throw self::mismatch( $path, "of type $type" );
		}
		return 'int' === $type ? (int) $value : $value;
	}

	private static function is_list_shape( array $shape ): bool {
		return 1 === count( $shape ) && isset( $shape[0] ) && is_array( $shape[0] );
	}

	private static function mismatch( string $path, string $expected ): HttpError {
		return new HttpError( HttpError::INVALID_RESPONSE, sprintf( 'Unexpected response from the provider: %s should be %s.', $path, $expected ) );
	}
}
