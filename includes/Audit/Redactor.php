<?php
/**
 * The one redactor every log, audit and error path uses.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Audit;

defined( 'ABSPATH' ) || exit;

/**
 * Replaces credentials with `[redacted]` wherever they hide: Authorization headers (any scheme),
 * query strings and form bodies, JSON, nested arrays and exception messages. Keys are matched by
 * name so a new token field is covered as soon as it is named here.
 */
final class Redactor {

	public const MASK = '[redacted]';

	/**
	 * Field names whose values are secret (lower case).
	 */
	public const SECRET_KEYS = array(
		'authorization',
		'proxy-authorization',
		'code',
		'access_token',
		'refresh_token',
		'id_token',
		'client_secret',
		'code_verifier',
		'signing_key',
		'signing-key',
		'password',
		'token',
		'x-goog-channel-token',
		'clientstate',
		'calendly-webhook-signature',
		'x-hubspot-signature-v3',
		'validationtoken',
	);

	/**
	 * Redacts any value: strings are scanned, arrays walked (secret keys masked whole).
	 *
	 * @param mixed $value Anything about to be logged or shown.
	 * @return mixed
	 */
	public static function redact( $value ) {
		if ( is_string( $value ) ) {
			return self::redact_text( $value );
		}
		if ( ! is_array( $value ) ) {
			return $value;
		}
		$clean = array();
		foreach ( $value as $key => $item ) {
			$clean[ $key ] = is_string( $key ) && self::is_secret_key( $key ) ? self::MASK : self::redact( $item );
		}
		return $clean;
	}

	/**
	 * Redacts free text: a message, a URL, a header line, a form or JSON body.
	 *
	 * @param string $text Text.
	 */
	public static function redact_text( string $text ): string {
		$names = implode( '|', array_map( static fn( $key ) => preg_quote( $key, '/' ), self::SECRET_KEYS ) );
		// "Authorization: Bearer abc" / "Authorization: Basic abc" (header lines, messages).
		$text = (string) preg_replace( '/\b((?:proxy-)?authorization)\s*[:=]\s*(?:(?:bearer|basic|token)\s+)?[^\s,;"\']+/i', '$1: ' . self::MASK, $text );
		$text = (string) preg_replace( '/\bbearer\s+[A-Za-z0-9\-._~+\/]+=*/i', 'Bearer ' . self::MASK, $text );
		// JSON: "access_token": "abc" (also with escaped quotes inside JSON strings).
		$text = (string) preg_replace( '/(\\\\?"(?:' . $names . ')\\\\?"\s*:\s*)(\\\\?")(?:[^"\\\\]|\\\\(?!"))*\2/i', '$1$2' . self::MASK . '$2', $text );
		// Query strings and form bodies: code=abc&state=...
		return (string) preg_replace( '/(^|[?&;\s])((?:' . $names . ')=)[^&#\s"\']*/i', '$1$2' . self::MASK, $text );
	}

	/**
	 * Whether a field name holds a secret.
	 *
	 * @param string $key Field, header or parameter name.
	 */
	public static function is_secret_key( string $key ): bool {
		return in_array( strtolower( $key ), self::SECRET_KEYS, true );
	}
}
