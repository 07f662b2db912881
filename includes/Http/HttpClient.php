<?php
/**
 * The one HTTP client every outbound SyncWarden call goes through.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Http;

defined( 'ABSPATH' ) || exit;

/**
 * HTTPS only (checked before any socket opens), TLS 1.2 or newer, certificate verification that
 * no filter or setting can switch off, short timeouts, a response size cap, no redirects to
 * another origin (scheme, host, port), an optional host allowlist, JSON checked against a
 * per-call shape, and 429/503 answered with Retry-After-aware, capped exponential backoff with jitter. Failures come back as
 * HttpError, already redacted.
 */
final class HttpClient {

	public const DEFAULT_MAX_BYTES = 1048576;
	public const CONNECT_TIMEOUT   = 5;
	public const TIMEOUT           = 15;
	public const RETRIES           = 2;
	public const MAX_RETRY_WAIT    = 5.0;

	/** Marks our requests so the hardening hooks touch nothing else. */
	private const MARKER = 'syncwarden_hardened';

	private const MAX_REDIRECTS = 2;

	/**
	 * CA bundle of the request in flight, while one of ours is in flight (PHP runs one at a time).
	 *
	 * @var string|null
	 */
	private static ?string $verify_in_flight = null;

	/**
	 * Waits between retries; tests and benchmarks may inject a recorder.
	 *
	 * @var callable(float): void
	 */
	private $sleep;

	/**
	 * Constructor.
	 *
	 * @param callable|null $sleep Receives seconds to wait (default: usleep).
	 */
	/**
	 * The longest one request() can take: every attempt (retries and redirects) running into the
	 * timeout, every retry waiting the longest allowed. Locks that guard calls are sized from it.
	 *
	 * @param int   $retries        The call's `retries`.
	 * @param float $max_retry_wait The call's `max_retry_wait`.
	 */
	public static function worst_case_seconds( int $retries = self::RETRIES, float $max_retry_wait = self::MAX_RETRY_WAIT ): int {
		return (int) ceil( ( $retries + 1 + self::MAX_REDIRECTS ) * self::TIMEOUT + $retries * $max_retry_wait );
	}

	public function __construct( ?callable $sleep = null ) {
		$this->sleep = $sleep ?? static function ( float $seconds ): void {
			usleep( (int) ( $seconds * 1e6 ) );
		};
	}

	/**
	 * Attaches the transport hardening (once per request lifecycle).
	 */
	public function register_hooks(): void {
		add_filter( 'http_request_args', array( self::class, 'enforce_args' ), PHP_INT_MAX, 1 );
		add_filter( 'https_ssl_verify', array( self::class, 'enforce_verify' ), PHP_INT_MAX, 1 );
		add_action( 'http_api_curl', array( self::class, 'harden_curl' ), PHP_INT_MAX, 2 );
	}

	/**
	 * Re-asserts certificate verification after every other filter ran.
	 *
	 * @param array $args Request arguments.
	 * @return array
	 */
	public static function enforce_args( array $args ): array {
		if ( ! empty( $args[ self::MARKER ] ) ) {
			$args['sslverify']   = true;
			$args['redirection'] = 0;

			self::$verify_in_flight = is_string( $args['sslcertificates'] ?? null ) ? $args['sslcertificates'] : ABSPATH . WPINC . '/certificates/ca-bundle.crt';
			// Filters registered after this one (even at this priority) run later, and cURL's
			// verification options are set from Requests' `verify` option after every cURL hook.
			// A callback added now, at the highest priority, runs after all of them, as the last
			// word on that option (removed again when the request ends, see request()).
			add_action( 'requests-requests.before_request', array( self::class, 'enforce_requests_options' ), PHP_INT_MAX, 5 );
		}
		return $args;
	}

	/**
	 * Requests' own options, just before it builds the handle: verify against the CA bundle.
	 *
	 * @param mixed $url     URL (unused).
	 * @param mixed $headers Headers (unused).
	 * @param mixed $data    Body (unused).
	 * @param mixed $type    Method (unused).
	 * @param array $options Requests options.
	 */
	public static function enforce_requests_options( &$url, &$headers, &$data, &$type, &$options ): void {
		if ( null !== self::$verify_in_flight && is_array( $options ) ) {
			$options['verify']     = self::$verify_in_flight;
			$options['verifyname'] = true;
		}
	}

	/**
	 * WordPress lets `https_ssl_verify` switch verification off after the arguments are final;
	 * for our requests the answer is always the CA bundle, whatever earlier filters said.
	 *
	 * @param mixed $verify Verification setting.
	 * @return mixed
	 */
	public static function enforce_verify( $verify ) {
		return self::$verify_in_flight ?? $verify;
	}

	/**
	 * TLS 1.2 minimum, peer and host verification, connect timeout — on our handles only.
	 *
	 * @param \CurlHandle $handle cURL handle.
	 * @param array       $args   Request arguments.
	 */
	public static function harden_curl( $handle, array $args ): void {
		if ( empty( $args[ self::MARKER ] ) ) {
			return;
		}
		self::floor( $handle );
		// `http_api_curl` callbacks registered after this one and every `requests-curl.before_send`
		// callback (core fires it after `http_api_curl`) run later: one added now, at the highest
		// priority, runs after all of them (removed again when the request ends).
		add_action( 'requests-curl.before_send', array( self::class, 'floor' ), PHP_INT_MAX );
	}

	/**
	 * TLS 1.2 minimum, peer and host verification against the CA bundle of this request, https
	 * only, connect timeout.
	 *
	 * @param \CurlHandle $handle cURL handle.
	 */
	public static function floor( $handle ): void {
		// The handle is core's own (WP_Http's cURL transport, reached through its http_api_curl
		// action): these calls only tighten what wp_remote_request() sends for SyncWarden, which
		// core's API offers no arguments for (minimum TLS version, https-only, connect timeout).
		// phpcs:ignore WordPress.WP.AlternativeFunctions.curl_curl_setopt -- hardening core's cURL handle via http_api_curl; the HTTP API has no TLS-version argument.
		curl_setopt( $handle, CURLOPT_SSLVERSION, CURL_SSLVERSION_TLSv1_2 );
		// phpcs:ignore WordPress.WP.AlternativeFunctions.curl_curl_setopt -- hardening core's cURL handle via http_api_curl; verification cannot be switched off by a filter.
		curl_setopt( $handle, CURLOPT_SSL_VERIFYPEER, true );
		// phpcs:ignore WordPress.WP.AlternativeFunctions.curl_curl_setopt -- hardening core's cURL handle via http_api_curl; host-name check against the certificate.
		curl_setopt( $handle, CURLOPT_SSL_VERIFYHOST, 2 );
		if ( null !== self::$verify_in_flight ) {
			// phpcs:ignore WordPress.WP.AlternativeFunctions.curl_curl_setopt -- hardening core's cURL handle; the CA bundle of this request, whatever a later hook set.
			curl_setopt( $handle, CURLOPT_CAINFO, self::$verify_in_flight );
		}
		// phpcs:ignore WordPress.WP.AlternativeFunctions.curl_curl_setopt -- hardening core's cURL handle via http_api_curl; refuses plain-http redirects.
		curl_setopt( $handle, CURLOPT_PROTOCOLS, CURLPROTO_HTTPS );
		// phpcs:ignore WordPress.WP.AlternativeFunctions.curl_curl_setopt -- hardening core's cURL handle via http_api_curl; the HTTP API has a total timeout only.
		curl_setopt( $handle, CURLOPT_CONNECTTIMEOUT, self::CONNECT_TIMEOUT );
	}

	/**
	 * Sends a request.
	 *
	 * @param string $method  HTTP method.
	 * @param string $url     https:// URL.
	 * @param array  $options {
	 *     @type array    $headers         Extra headers.
	 *     @type array    $form            Form body (application/x-www-form-urlencoded).
	 *     @type array    $json            JSON body.
	 *     @type array    $shape           Expected JSON shape (see JsonShape); null = no body expected.
	 *     @type string[] $allowed_hosts   Hosts this call may reach (empty = any https host).
	 *     @type int      $max_bytes       Response size cap.
	 *     @type int      $retries         Retries on 429/502/503/504.
	 *     @type float    $max_retry_wait  Longest single wait in seconds; longer waits fail as TRANSIENT.
	 * }
	 * @return array{status: int, headers: array<string, string>, data: array}
	 * @throws HttpError On any failure.
	 */
	public function request( string $method, string $url, array $options = array() ): array {
		$options += array(
			'headers'        => array(),
			'shape'          => null,
			'allowed_hosts'  => array(),
			'max_bytes'      => self::DEFAULT_MAX_BYTES,
			'retries'        => self::RETRIES,
			'max_retry_wait' => self::MAX_RETRY_WAIT,
		);
		if ( ! TransportProbe::tls_floor_enforceable() ) {
			// Every call carries a credential (a client secret, a code or a token): refuse before
			// a socket opens rather than send it where TLS 1.2 cannot be required.
			// phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain text for logs and JSON; escaped where shown as HTML.
			throw new HttpError( HttpError::CONFIG, sprintf( 'SyncWarden only talks to providers through PHP’s cURL extension, where it can require TLS 1.2 or newer; WordPress on this server would use %s. Ask your host to enable PHP’s cURL extension (see Tools → Site Health).', '' === TransportProbe::https_transport() ? 'no working transport' : TransportProbe::https_transport() ) );
		}
		for ( $attempt = 0, $redirects = 0; ; ) {
			self::assert_allowed( $url, $options['allowed_hosts'] );
			try {
				$response = wp_safe_remote_request( $url, $this->wp_args( $method, $options ) );
			} finally {
				self::$verify_in_flight = null;
				remove_action( 'requests-requests.before_request', array( self::class, 'enforce_requests_options' ), PHP_INT_MAX );
				remove_action( 'requests-curl.before_send', array( self::class, 'floor' ), PHP_INT_MAX );
			}
			if ( is_wp_error( $response ) ) {
				throw self::transport_error( $response );
			}
			$status = (int) wp_remote_retrieve_response_code( $response );
			if ( $status >= 300 && $status < 400 ) {
				$url = self::same_origin_redirect( $url, wp_remote_retrieve_header( $response, 'location' ), ++$redirects );
				continue;
			}
			$body = (string) wp_remote_retrieve_body( $response );
			if ( strlen( $body ) > $options['max_bytes'] ) {
				// phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain text for logs and JSON; escaped where shown as HTML.
				throw new HttpError( HttpError::INVALID_RESPONSE, sprintf( 'The provider sent more than %d bytes; the response was refused.', $options['max_bytes'] ), $status );
			}
			if ( $status >= 200 && $status < 300 ) {
				return array(
					'status'  => $status,
					'headers' => self::headers( $response ),
					// 204: nothing to shape (Zoho's search answers 204 when nothing matches).
					'data'    => null === $options['shape'] || 204 === $status ? array() : JsonShape::apply( self::decode( $body, $status ), $options['shape'] ),
				);
			}
			$error = ErrorClassifier::classify( $status, $body, RetryDelay::hint( $response ) );
			$wait  = RetryDelay::backoff( $attempt, $error->retry_after );
			if ( HttpError::TRANSIENT !== $error->kind || $attempt >= $options['retries'] || $wait > $options['max_retry_wait'] ) {
				throw $error;
			}
			( $this->sleep )( $wait );
			++$attempt;
		}
	}

	/**
	 * WordPress HTTP API arguments for one attempt.
	 *
	 * @param string $method  HTTP method.
	 * @param array  $options Call options.
	 * @return array
	 */
	private function wp_args( string $method, array $options ): array {
		$headers = $options['headers'] + array(
			'Accept'     => 'application/json',
			'User-Agent' => 'SyncWarden/' . ( defined( 'SYNCWARDEN_VERSION' ) ? SYNCWARDEN_VERSION : 'dev' ) . '; WordPress',
		);
		$body    = null;
		if ( isset( $options['form'] ) ) {
			$body = http_build_query( $options['form'], '', '&', PHP_QUERY_RFC1738 );

			$headers['Content-Type'] = 'application/x-www-form-urlencoded';
		} elseif ( isset( $options['json'] ) ) {
			$body = (string) wp_json_encode( $options['json'] );

			$headers['Content-Type'] = 'application/json';
		}
		return array(
			'method'              => $method,
			'headers'             => $headers,
			'body'                => $body,
			'timeout'             => self::TIMEOUT,
			'redirection'         => 0,
			'sslverify'           => true,
			'limit_response_size' => $options['max_bytes'] + 1,
			'reject_unsafe_urls'  => true,
			self::MARKER          => true,
		);
	}

	/**
	 * Refuses anything but https:// to an allowed host, before a socket opens.
	 *
	 * @param string   $url           URL.
	 * @param string[] $allowed_hosts Allowed hosts (empty = any).
	 */
	private static function assert_allowed( string $url, array $allowed_hosts ): void {
		$parts = wp_parse_url( $url );
		if ( ! is_array( $parts ) || 'https' !== strtolower( $parts['scheme'] ?? '' ) || empty( $parts['host'] ) || isset( $parts['user'] ) ) {
			// phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain text for logs and JSON; escaped where shown as HTML.
			throw new HttpError( HttpError::CONFIG, sprintf( 'Refused to call %s: SyncWarden only talks to providers over https://.', $url ) );
		}
		if ( $allowed_hosts && ! in_array( strtolower( $parts['host'] ), array_map( 'strtolower', $allowed_hosts ), true ) ) {
			// phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain text for logs and JSON; escaped where shown as HTML.
			throw new HttpError( HttpError::CONFIG, sprintf( 'Refused to call %s: the host is not one this provider uses.', $parts['host'] ) );
		}
	}

	/**
	 * The redirect target, only when it stays on the same origin: scheme, host and port. A server on
	 * another port of the same host is another server, and would receive the request again with
	 * its credentials (client secret, code, refresh token, bearer header).
	 *
	 * @param string                $from      Current URL.
	 * @param string|string[]|null  $location  Location header (an array when it was repeated).
	 * @param int                   $redirects Redirects followed so far, including this one.
	 */
	private static function same_origin_redirect( string $from, $location, int $redirects ): string {
		if ( ! is_string( $location ) || '' === $location ) {
			// phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain text for logs and JSON; escaped where shown as HTML.
			throw new HttpError( HttpError::INVALID_RESPONSE, 'The provider sent a redirect without one clear Location; it was not followed.' );
		}
		$target = \WP_Http::make_absolute_url( $location, $from );
		if ( $redirects > self::MAX_REDIRECTS || self::origin( $target ) !== self::origin( $from ) ) {
			// phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain text for logs and JSON; escaped where shown as HTML.
			throw new HttpError( HttpError::INVALID_RESPONSE, sprintf( 'The provider redirected to %s; redirects to another server (scheme, host or port) are refused.', self::origin( $target ) ) );
		}
		return $target;
	}

	/**
	 * "https://host:443": scheme, lower-case host and explicit port of a URL.
	 *
	 * @param string $url URL.
	 */
	public static function origin( string $url ): string {
		$parts  = wp_parse_url( $url );
		$scheme = strtolower( (string) ( is_array( $parts ) ? ( $parts['scheme'] ?? '' ) : '' ) );
		$port   = is_array( $parts ) && isset( $parts['port'] ) ? (int) $parts['port'] : ( 'http' === $scheme ? 80 : 443 );
		return $scheme . '://' . strtolower( (string) ( is_array( $parts ) ? ( $parts['host'] ?? '' ) : '' ) ) . ':' . $port;
	}

	/**
	 * Classifies a transport failure (no HTTP response).
	 *
	 * @param \WP_Error $error WordPress error.
	 */
	private static function transport_error( \WP_Error $error ): HttpError {
		$message = $error->get_error_message();
		$config  = (bool) preg_match( '/ssl|certificate|tls|protocol|alert|handshake|unsafe|not allowed|https/i', $message );
		return new HttpError(
			$config ? HttpError::CONFIG : HttpError::TRANSIENT,
			$config
				? sprintf( 'The secure connection to the provider failed (%s). SyncWarden requires a trusted certificate and TLS 1.2 or newer.', $message )
				: sprintf( 'The provider could not be reached (%s). SyncWarden will try again later.', $message )
		);
	}

	/**
	 * Decodes a JSON body.
	 *
	 * @param string $body   Body.
	 * @param int    $status Status.
	 * @return mixed
	 */
	private static function decode( string $body, int $status ) {
		try {
			return json_decode( $body, true, 32, JSON_THROW_ON_ERROR );
		} catch ( \JsonException $e ) {
			// phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain text for logs and JSON; escaped where shown as HTML.
			throw new HttpError( HttpError::INVALID_RESPONSE, 'The provider answered with something that is not JSON.', $status );
		}
	}

	/**
	 * Response headers, lower-cased names.
	 *
	 * @param array $response WordPress response.
	 * @return array<string, string>
	 */
	private static function headers( array $response ): array {
		$headers = array();
		foreach ( wp_remote_retrieve_headers( $response ) as $name => $value ) {
			$headers[ strtolower( (string) $name ) ] = is_array( $value ) ? implode( ', ', $value ) : (string) $value;
		}
		return $headers;
	}
}
