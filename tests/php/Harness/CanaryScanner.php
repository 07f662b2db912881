<?php

namespace SyncWarden\Tests\Harness;

use WP_REST_Response;

/**
 * Security harness: reports every place a known secret ("canary") appears in plaintext.
 *
 * Feed it the secrets a flow used (client secret, tokens, signing keys), then point it at the
 * places an attacker or a careless log could read: the whole database, debug.log, page HTML and
 * REST responses. Each canary is also looked for URL-encoded, JSON-escaped, base64 (standard and
 * URL-safe) and hex-encoded, because "not plaintext" must not mean "trivially encoded" — webhook
 * signing keys and channel tokens are themselves base64url text that code likes to re-encode.
 */
final class CanaryScanner {

	/**
	 * Places where a canary was found.
	 *
	 * @var string[]
	 */
	private array $findings = array();

	/**
	 * Constructor.
	 *
	 * @param string[] $canaries Secrets to look for (each at least 8 characters, to avoid noise).
	 */
	public function __construct( private readonly array $canaries ) {
		foreach ( $canaries as $canary ) {
			if ( strlen( $canary ) < 8 ) {
				throw new \InvalidArgumentException( 'Canaries must be at least 8 characters long.' );
			}
		}
	}

	/**
	 * Scans any text under a label.
	 */
	public function scan_text( string $where, string $text ): self {
		foreach ( $this->canaries as $canary ) {
			foreach ( self::encodings( $canary ) as $encoding => $needle ) {
				if ( '' !== $needle && str_contains( $text, $needle ) ) {
					$this->findings[] = sprintf( '%s contains canary %s… (%s)', $where, substr( $canary, 0, 4 ), $encoding );
				}
			}
		}
		return $this;
	}

	/**
	 * Scans every row of every table, like a SQL dump would show them.
	 */
	public function scan_database(): self {
		global $wpdb;
		foreach ( $wpdb->get_col( 'SHOW TABLES' ) as $table ) {
			foreach ( (array) $wpdb->get_results( "SELECT * FROM `$table`", ARRAY_A ) as $index => $row ) {
				$this->scan_text( "database table $table row $index", implode( "\t", array_map( 'strval', $row ) ) );
			}
		}
		return $this;
	}

	/**
	 * Scans a file such as debug.log (a missing file has nothing to leak).
	 */
	public function scan_file( string $path ): self {
		if ( is_file( $path ) ) {
			$this->scan_text( 'file ' . basename( $path ), (string) file_get_contents( $path ) );
		}
		return $this;
	}

	/**
	 * Scans a REST response's body and headers.
	 */
	public function scan_rest_response( string $where, WP_REST_Response $response ): self {
		$body = (string) wp_json_encode( rest_get_server()->response_to_data( $response, false ), JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE );
		return $this->scan_text( "REST response $where", $body . "\n" . wp_json_encode( $response->get_headers() ) );
	}

	/**
	 * Calls every readable (GET) route of the namespace as the current user and scans each
	 * answer, so a route added later is covered without anyone listing it. Path parameters take
	 * the given values (e.g. a connection id), or a value their pattern accepts.
	 *
	 * @param array<string, string> $path_values Parameter name => value.
	 */
	public function scan_readable_routes( array $path_values = array() ): self {
		foreach ( rest_get_server()->get_routes( \SyncWarden\REST\Router::NAMESPACE ) as $route => $handlers ) {
			$readable = array_filter( $handlers, static fn( $handler ) => ! empty( $handler['methods']['GET'] ) );
			if ( ! $readable || '/' . \SyncWarden\REST\Router::NAMESPACE === $route ) {
				continue;
			}
			$path = (string) preg_replace_callback(
				'/\(\?P<(\w+)>([^)]*)\)/',
				static fn( array $m ) => $path_values[ $m[1] ] ?? ( preg_match( '#^(?:' . $m[2] . ')$#', 'google' ) ? 'google' : '1' ),
				$route
			);
			$this->scan_rest_response( 'GET ' . $path, rest_do_request( new \WP_REST_Request( 'GET', $path ) ) );
		}
		return $this;
	}

	/**
	 * Everything found so far.
	 *
	 * @return string[]
	 */
	public function findings(): array {
		return $this->findings;
	}

	/**
	 * Forms a canary may take in storage or transport.
	 *
	 * @return array<string, string>
	 */
	private static function encodings( string $canary ): array {
		return array_unique(
			array(
				'plaintext'   => $canary,
				'url-encoded' => rawurlencode( $canary ),
				'json'        => trim( (string) wp_json_encode( $canary ), '"' ),
				'base64'      => rtrim( base64_encode( $canary ), '=' ),
				'base64url'   => rtrim( strtr( base64_encode( $canary ), '+/', '-_' ), '=' ),
				'hex'         => bin2hex( $canary ),
			)
		);
	}
}
