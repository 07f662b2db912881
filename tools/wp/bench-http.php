<?php
/**
 * Hardened HTTP client vs a bare wp_remote_request() to the same local peer endpoint, run by
 * `npm run bench` inside a real WordPress with the sandbox mu-plugin active. Prints JSON.
 */

use SyncWarden\Http\HttpClient;

$url    = getenv( 'SYNCWARDEN_PEER_URL' ) . '/__control/stats';
$client = new HttpClient();
$rounds = 10;
$per    = 20;
$timed  = static function ( callable $call ): float {
	$started = hrtime( true );
	$call();
	return ( hrtime( true ) - $started ) / 1e6;
};
$bare     = array();
$hardened = array();
for ( $round = 0; $round < $rounds; $round++ ) {
	for ( $i = 0; $i < $per; $i++ ) {
		$bare[]     = $timed(
			static function () use ( $url ) {
				$response = wp_remote_request( $url, array( 'timeout' => 15 ) );
				json_decode( wp_remote_retrieve_body( $response ), true );
			}
		);
		$hardened[] = $timed( static fn() => $client->request( 'GET', $url, array( 'shape' => array( 'token' => 'int', 'api' => 'int' ) ) ) );
	}
}
$median = static function ( array $values ): float {
	sort( $values );
	return $values[ intdiv( count( $values ), 2 ) ];
};
echo wp_json_encode(
	array(
		'n'           => count( $bare ),
		'bare_ms'     => $median( $bare ),
		'hardened_ms' => $median( $hardened ),
	)
);
