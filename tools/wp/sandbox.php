<?php
/**
 * Plugin Name: SyncWarden local sandbox
 * Description: Points every provider at the local peer (tests/peers) and trusts its test CA. Active
 *              only on a `local` site whose server was started with SYNCWARDEN_PEER_URL and
 *              SYNCWARDEN_PEER_CA (npm start, npm test). Dev tooling: never part of the plugin zip.
 */

$syncwarden_peer = getenv( 'SYNCWARDEN_PEER_URL' );
$syncwarden_ca   = getenv( 'SYNCWARDEN_PEER_CA' );
if ( ! $syncwarden_peer || ! $syncwarden_ca || 'local' !== wp_get_environment_type() ) {
	return;
}

add_filter(
	'syncwarden_provider_endpoints',
	static function ( array $endpoints, string $provider ) use ( $syncwarden_peer ): array {
		$peer = array(
			'authorize' => $syncwarden_peer . '/auth',
			'token'     => $syncwarden_peer . '/token',
			'api_base'  => $syncwarden_peer . '/api/' . $provider,
		);
		if ( isset( $endpoints['revoke'] ) ) {
			$peer['revoke'] = $syncwarden_peer . '/token/revocation'; // Providers without revocation keep none.
		}
		if ( isset( $endpoints['issuer'] ) ) {
			$peer['issuer'] = $syncwarden_peer; // The peer's RFC 9207 `iss` (oidc-provider's issuer).
		}
		return $peer;
	},
	10,
	2
);

// wp_safe_remote_*() refuses loopback hosts and unusual ports; allow exactly the peer's.
$syncwarden_peer_host = (string) wp_parse_url( $syncwarden_peer, PHP_URL_HOST );
add_filter(
	'http_request_host_is_external',
	static fn( $external, $host ) => $external || $host === $syncwarden_peer_host,
	10,
	2
);
add_filter(
	'http_allowed_safe_ports',
	static function ( $ports ) use ( $syncwarden_peer ) {
		$port = (int) wp_parse_url( $syncwarden_peer, PHP_URL_PORT );
		// The peer's OAuth port and the two deliberately broken TLS servers next to it.
		return array_merge( (array) $ports, array( $port, $port + 1, $port + 2 ) );
	}
);
// Trust the throwaway test CA for the peer only; certificate verification itself stays on.
add_filter(
	'http_request_args',
	static function ( $args, $url ) use ( $syncwarden_peer_host, $syncwarden_ca ) {
		if ( wp_parse_url( $url, PHP_URL_HOST ) === $syncwarden_peer_host ) {
			$args['sslcertificates'] = $syncwarden_ca;
		}
		return $args;
	},
	10,
	2
);

// Webhooks: providers only deliver to a public https:// address, which a local site has not.
// SYNCWARDEN_WEBHOOK_BASE (the e2e server sets it) points deliveries at this local site instead,
// through the documented filter; the plugin honours that only because this site is `local`.
$syncwarden_webhook_base = getenv( 'SYNCWARDEN_WEBHOOK_BASE' );
if ( $syncwarden_webhook_base ) {
	add_filter( 'syncwarden_webhook_base_url', static fn() => $syncwarden_webhook_base );
}

// npm start pre-fills sandbox client credentials so a newcomer can click Connect right away.
if ( getenv( 'SYNCWARDEN_SANDBOX_CREDENTIALS' ) ) {
	foreach ( array( 'google', 'microsoft', 'hubspot', 'zoho', 'calendly' ) as $syncwarden_provider ) {
		$syncwarden_prefix = 'SYNCWARDEN_' . strtoupper( $syncwarden_provider );
		if ( ! defined( $syncwarden_prefix . '_CLIENT_ID' ) ) {
			define( $syncwarden_prefix . '_CLIENT_ID', 'sandbox-' . $syncwarden_provider );
			define( $syncwarden_prefix . '_CLIENT_SECRET', 'sandbox-' . $syncwarden_provider . '-secret' );
			add_filter(
				'syncwarden_constant_credentials_origin',
				static fn( string $origin, string $provider ) => $provider === $syncwarden_provider ? 'sandbox' : $origin,
				10,
				2
			);
		}
	}
}
