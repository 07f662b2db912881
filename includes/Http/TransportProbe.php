<?php
/**
 * Which HTTP transport WordPress will use for an https:// request.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Http;

use WpOrg\Requests\Requests;
use WpOrg\Requests\Transport\Curl;

defined( 'ABSPATH' ) || exit;

/**
 * SyncWarden requires TLS 1.2 or newer, and can only set that floor on the cURL transport (the
 * `http_api_curl` action hands over the handle). WordPress's Requests library picks the first
 * transport that passes its test: cURL where the extension works (with SSL), otherwise fsockopen
 * streams or a transport a plugin added, whose TLS version SyncWarden cannot set. The choice is
 * asked here, with Requests' own selection, before any credential is sent.
 *
 * Extends Requests only to reach its protected transport selection; it is never instantiated.
 */
final class TransportProbe extends Requests {

	/**
	 * The transport class Requests will use for an https:// request ('' when none works).
	 */
	public static function https_transport(): string {
		return (string) parent::get_transport_class( array( 'ssl' => true ) );
	}

	/**
	 * Whether SyncWarden can enforce its TLS floor on the transport WordPress will use.
	 */
	public static function tls_floor_enforceable(): bool {
		$transport = self::https_transport();
		return '' !== $transport && is_a( $transport, Curl::class, true ) && function_exists( 'curl_setopt' ) && defined( 'CURL_SSLVERSION_TLSv1_2' );
	}
}
