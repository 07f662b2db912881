<?php
/**
 * A PHP process whose OpenSSL floor was lowered (OPENSSL_CONF from TransportFloor's TLS test):
 * first a plain cURL request to the TLS 1.1-only peer, which must now succeed — proving the
 * system no longer refuses it on its own — then the same request through SyncWarden's client.
 * Prints both outcomes as JSON.
 *
 * Usage: OPENSSL_CONF=<file> php tls-floor.php <url> <ca file>
 */
[ , $url, $ca ] = $argv;
$_SERVER['HTTP_HOST']   = '127.0.0.1:8888';
$_SERVER['REQUEST_URI'] = '/';
require dirname( __DIR__ ) . '/test-config.php';
require getenv( 'SYNCWARDEN_WP_CORE' ) . '/wp-load.php';

$plain = curl_init( $url );
curl_setopt_array(
	$plain,
	array(
		CURLOPT_RETURNTRANSFER => true,
		CURLOPT_CAINFO         => $ca,
		CURLOPT_TIMEOUT        => 10,
	)
);
$body     = curl_exec( $plain );
$outcome  = array(
	'plain_ok'      => false !== $body,
	'plain_error'   => curl_error( $plain ),
	'plain_version' => curl_getinfo( $plain, CURLINFO_HTTP_VERSION ),
);
try {
	( new SyncWarden\Http\HttpClient() )->request( 'GET', $url, array( 'retries' => 0 ) );
	$outcome['client_refused'] = false;
} catch ( SyncWarden\Http\HttpError $e ) {
	$outcome['client_refused'] = true;
	$outcome['client_kind']    = $e->kind;
	$outcome['client_error']   = $e->getMessage();
}
echo wp_json_encode( $outcome );
