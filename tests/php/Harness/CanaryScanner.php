<?php

namespace SyncWarden\Tests\Harness;

use WP_REST_Response;

/**
 * Security harness: reports every place a known secret ("canary") appears in plaintext.
 *
 * Feed it the secrets a flow used (client secret, tokens, signing keys), then point it at the
 * places an attacker or a careless log could read: the whole database, debug.log, page HTML and
 * REST responses. Each canary is also looked for URL-encoded, JSON-escaped and base64-encoded,
 * because "not plaintext" must not mean "trivially encoded".
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
			)
		);
	}
}
