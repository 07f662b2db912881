<?php
/**
 * The one redactor every log, audit and error path uses.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Audit;

defined( 'ABSPATH' ) || exit;

/**
 * Replaces credentials with `[redacted]` wherever they hide: Authorization headers (any scheme:
 * Bearer, Basic, Digest, Zoho-oauthtoken...), other credential headers (X-Api-Key...), query
 * strings and form bodies (also URL-encoded inside another URL), JSON, PHP's var_export() and
 * print_r() output, nested arrays and exception messages. Keys are matched by name so a new token
 * field is covered as soon as it is named here.
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
		'x-api-key',
		'api_key',
		'api-key',
		'apikey',
	);

	/**
	 * Schemes whose credential is one opaque token, also masked without the header name. (Basic and
	 * Digest only ever appear after an Authorization header name, which masks the whole line.)
	 */
	private const SCHEMES = 'bearer|zoho-oauthtoken';

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
		$names   = implode( '|', array_map( static fn( $key ) => preg_quote( $key, '/' ), self::SECRET_KEYS ) );
		$headers = implode( '|', array_map( static fn( $key ) => preg_quote( $key, '/' ), array_filter( self::SECRET_KEYS, static fn( $key ) => str_contains( $key, '-' ) || 'authorization' === $key ) ) );
		// Header lines ("Authorization: Digest username=..., response=...", "X-Api-Key: abc"): the
		// rest of the line, whatever the scheme, since some schemes carry spaces and commas.
		$text = (string) preg_replace( '/(?<![\w"\'-])(' . $headers . ')\s*[:=]\s*(?!\s*["\'])[^\r\n]+/i', '$1: ' . self::MASK, $text );
		// A scheme with its credentials anywhere in a message ("sent Zoho-oauthtoken 1000.x").
		$text = (string) preg_replace( '/\b(' . self::SCHEMES . ')\s+(?!' . preg_quote( self::MASK, '/' ) . ')[A-Za-z0-9\-._~+\/]+=*/i', '$1 ' . self::MASK, $text );
		// JSON: "access_token": "abc" (also with escaped quotes inside JSON strings).
		$text = (string) preg_replace( '/(\\\\?"(?:' . $names . ')\\\\?"\s*:\s*)(\\\\?")(?:[^"\\\\]|\\\\(?!"))*\2/i', '$1$2' . self::MASK . '$2', $text );
		// var_export(): 'access_token' => 'abc'; print_r(): [access_token] => abc.
		$text = (string) preg_replace( '/([\'"](?:' . $names . ')[\'"]\s*=>\s*)([\'"])(?:(?!\2)[^\\\\]|\\\\.)*\2/i', '$1$2' . self::MASK . '$2', $text );
		$text = (string) preg_replace( '/(\[(?:' . $names . ')\]\s*=>\s*)(?!Array\b)[^\r\n]+/i', '$1' . self::MASK, $text );
		// Query strings and form bodies: code=abc&state=..., also URL-encoded (code%3Dabc%26state).
		$text = (string) preg_replace( '/(^|[?&;\s]|%26|%3f)((?:' . $names . ')(?:=|%3d))(?:[^&#\s"\'%]|%(?!26)[0-9a-f]{2})*/i', '$1$2' . self::MASK, $text );
		return $text;
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
