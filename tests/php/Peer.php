<?php

namespace SyncWarden\Tests;

/**
 * The local provider peer (tests/peers) as PHP tests see it: its URL and CA come from the
 * environment the test runner started it with; control calls inject faults and read counters.
 */
final class Peer {

	/** The webhook signing key of the peer's Calendly OAuth app (tests/peers/push.mjs). */
	public const CALENDLY_APP_SIGNING_KEY = 'sandbox-calendly-app-webhook-signing-key';

	public static function url(): string {
		$url = getenv( 'SYNCWARDEN_PEER_URL' );
		if ( ! $url ) {
			throw new \RuntimeException( 'The provider peer is not running; run the PHP tests through `npm run test:php`.' );
		}
		return rtrim( $url, '/' );
	}

	public static function ca(): string {
		return (string) getenv( 'SYNCWARDEN_PEER_CA' );
	}

	/** URL of the TLS 1.1-only server (port + 1) or the untrusted-certificate server (port + 2). */
	public static function neighbour( int $offset ): string {
		$parts = wp_parse_url( self::url() );
		return 'https://' . $parts['host'] . ':' . ( $parts['port'] + $offset );
	}

	/**
	 * Calls a control endpoint (outside WordPress, straight curl with the test CA).
	 *
	 * @param string     $method Method.
	 * @param string     $path   Path below /__control.
	 * @param array|null $body   JSON body.
	 * @return array
	 */
	public static function control( string $method, string $path, ?array $body = null ): array {
		$curl = curl_init( self::url() . '/__control' . $path );
		curl_setopt_array(
			$curl,
			array(
				CURLOPT_CUSTOMREQUEST  => $method,
				CURLOPT_RETURNTRANSFER => true,
				CURLOPT_CAINFO         => self::ca(),
				CURLOPT_HTTPHEADER     => array( 'Content-Type: application/json' ),
				CURLOPT_POSTFIELDS     => null === $body ? null : wp_json_encode( $body ),
			)
		);
		$response = curl_exec( $curl );
		curl_close( $curl );
		return is_string( $response ) ? (array) json_decode( $response, true ) : array();
	}

	public static function reset(): void {
		self::control( 'POST', '/reset', array() );
	}

	public static function stats(): array {
		return self::control( 'GET', '/stats' );
	}

	/** The next `$times` requests to `$path` get this canned answer. */
	public static function fail_next( string $path, array $fault ): void {
		self::control( 'POST', '/next', array( 'path' => $path ) + $fault );
	}

	/**
	 * Walks the consent screen headlessly (Allow, or Deny) and returns the callback query.
	 *
	 * @param string $authorize_url Authorize URL SyncWarden built.
	 * @param bool   $deny          Press Deny instead of Allow.
	 * @return array<string, string>
	 */
	public static function consent( string $authorize_url, bool $deny = false ): array {
		$command = sprintf(
			'node %s %s %s--ca %s 2>&1',
			escapeshellarg( dirname( __DIR__, 2 ) . '/tests/peers/authorize.mjs' ),
			escapeshellarg( $authorize_url ),
			$deny ? '--deny ' : '',
			escapeshellarg( self::ca() )
		);
		exec( $command, $output, $status );
		if ( 0 !== $status ) {
			throw new \RuntimeException( 'Consent failed: ' . implode( "\n", $output ) );
		}
		parse_str( (string) wp_parse_url( trim( (string) end( $output ) ), PHP_URL_QUERY ), $query );
		return $query;
	}
}
