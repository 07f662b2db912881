<?php

namespace SyncWarden\Tests\Harness;

use PHPUnit\Framework\Assert;
use SyncWarden\Providers\ZohoProvider;
use SyncWarden\Tests\Peer;

/**
 * Puts Zoho's real data-centre hosts (accounts.zoho.eu, www.zohoapis.com.au …) at the peer, the
 * way /etc/hosts would on a machine with Zoho's DNS: cURL connects to the peer's port
 * (CONNECT_TO) while the URL, the Host header, SNI and the certificate check keep the real name
 * (the peer's certificate carries these names, signed by the test CA). The hosts come from
 * ZohoProvider's own lists, so the plugin's allowlist is what the request passes.
 *
 * The one thing switched off for those hosts is WordPress's DNS-based URL check: the test
 * machine has no DNS for them (in production they resolve to public addresses).
 */
final class ZohoDataCentreHosts {

	private static ?\Closure $curl = null;

	private static ?\Closure $args = null;

	/** @return string[] Host names of every Zoho data centre SyncWarden accepts. */
	public static function hosts(): array {
		return array_map( static fn( $origin ) => (string) wp_parse_url( $origin, PHP_URL_HOST ), array_merge( ZohoProvider::ACCOUNTS_SERVERS, ZohoProvider::API_DOMAINS ) );
	}

	public static function route_to_peer(): void {
		$port  = (int) wp_parse_url( Peer::url(), PHP_URL_PORT );
		$hosts = self::hosts();

		self::$curl = static function ( $handle ) use ( $hosts, $port ): void {
			curl_setopt( $handle, CURLOPT_CONNECT_TO, array_map( static fn( $host ) => "$host:443:127.0.0.1:$port", $hosts ) );
		};
		self::$args = static function ( array $args, string $url ) use ( $hosts ): array {
			if ( in_array( wp_parse_url( $url, PHP_URL_HOST ), $hosts, true ) ) {
				$args['sslcertificates']    = Peer::ca();
				$args['reject_unsafe_urls'] = false;
			}
			return $args;
		};
		add_action( 'http_api_curl', self::$curl, 10, 1 );
		add_filter( 'http_request_args', self::$args, 10, 2 );
	}

	/**
	 * What an accounts server answers a refresh with this token, sent as Zoho's SDK sends it
	 * (zoho/zohocrm-php-sdk-8.0 OAuthToken::refreshAccessToken(): form client_id, client_secret,
	 * grant_type, refresh_token): whether the grant still lives there.
	 *
	 * @param string $accounts_server Origin, e.g. https://accounts.zoho.eu or the peer's own (US).
	 * @param string $refresh_token   Refresh token.
	 */
	public static function refresh_at( string $accounts_server, string $refresh_token ): array {
		$response = wp_remote_post(
			$accounts_server . '/oauth/v2/token',
			array(
				'body' => array(
					'grant_type'    => 'refresh_token',
					'refresh_token' => $refresh_token,
					'client_id'     => 'sandbox-zoho',
					'client_secret' => 'sandbox-zoho-secret',
				),
			)
		);
		Assert::assertIsArray( $response, is_wp_error( $response ) ? $response->get_error_message() : '' );
		return (array) json_decode( wp_remote_retrieve_body( $response ), true );
	}

	public static function unroute(): void {
		if ( null !== self::$curl ) {
			remove_action( 'http_api_curl', self::$curl, 10 );
			remove_filter( 'http_request_args', self::$args, 10 );
		}
		self::$curl = null;
		self::$args = null;
	}
}
