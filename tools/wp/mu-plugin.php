<?php
/**
 * Plugin Name: SyncWarden offline dev helpers
 * Description: Keeps local dev/test sites quiet and offline. Copied into local cores only; never shipped.
 */

// No sendmail here: capture every mail into the site folder so tests can assert on it.
add_filter(
	'pre_wp_mail',
	static function ( $short_circuit, array $mail ) {
		if ( defined( 'SYNCWARDEN_SITE_DIR' ) ) {
			file_put_contents( SYNCWARDEN_SITE_DIR . '/mail.log', wp_json_encode( $mail ) . "\n", FILE_APPEND | LOCK_EX );
		}
		return true;
	},
	10,
	2
);

// Answer update checks locally instead of timing out against wordpress.org.
$syncwarden_no_updates = static function () {
	return (object) array(
		'last_checked'    => time(),
		'version_checked' => get_bloginfo( 'version' ),
		'updates'         => array(),
		'response'        => array(),
		'translations'    => array(),
	);
};
foreach ( array( 'update_core', 'update_plugins', 'update_themes' ) as $syncwarden_transient ) {
	add_filter( "pre_site_transient_{$syncwarden_transient}", $syncwarden_no_updates );
}
add_filter(
	'pre_http_request',
	static function ( $response, $args, $url ) {
		$host = (string) wp_parse_url( $url, PHP_URL_HOST );
		if ( preg_match( '/(^|\.)(wordpress\.org|w\.org|gravatar\.com)$/', $host ) ) {
			return new WP_Error( 'syncwarden_offline', 'Offline development site.' );
		}
		return $response;
	},
	10,
	3
);
add_filter( 'pre_get_avatar_data', static function ( $args ) {
	$args['url'] = includes_url( 'images/blank.gif' );
	return $args;
} );

// Benchmarks read the request's peak memory from the end of the page.
if ( getenv( 'SYNCWARDEN_BENCH' ) ) {
	add_action(
		'shutdown',
		static function () {
			echo "\n<!-- syncwarden-bench-peak:" . memory_get_peak_usage() . ' -->';
		},
		PHP_INT_MAX
	);
}
