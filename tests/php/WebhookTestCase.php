<?php

namespace SyncWarden\Tests;

use SyncWarden\Storage\Counters;
use SyncWarden\Storage\KeyRing;
use SyncWarden\Storage\SubscriptionStore;
use SyncWarden\Storage\Vault;
use SyncWarden\Webhooks\SecurityEvents;
use WP_REST_Request;
use WP_REST_Response;

/**
 * Connections with push subscriptions made for real against the peer, and webhook requests
 * dispatched through the real REST server (rate limit gate included) as a given client address.
 *
 * The site under PHPUnit answers on http://127.0.0.1:8888, which providers cannot reach; tests
 * point the public base at an address through the documented `syncwarden_webhook_base_url`
 * filter, accepted because the test site's environment type is `local`.
 */
abstract class WebhookTestCase extends OAuthTestCase {

	/** An address nothing listens on: subscriptions are made, deliveries to it just fail. */
	protected const QUIET_BASE = 'http://127.0.0.1:9/wp-json/';

	protected const CLIENT_IP = '203.0.113.7';

	private ?string $public_base = null;

	protected function tearDown(): void {
		$this->use_public_base( null );
		unset( $_SERVER['REMOTE_ADDR'] );
		parent::tearDown();
	}

	/**
	 * Filter callback: the base set with use_public_base().
	 *
	 * @param string $base REST base.
	 */
	public function public_base( string $base ): string {
		return $this->public_base ?? $base;
	}

	/** Points deliveries at `$base` through the filter, or (null) unhooks it. */
	protected function use_public_base( ?string $base ): void {
		$this->public_base = $base;
		if ( null === $base ) {
			remove_filter( 'syncwarden_webhook_base_url', array( $this, 'public_base' ) );
		} else {
			add_filter( 'syncwarden_webhook_base_url', array( $this, 'public_base' ) );
		}
	}

	/** Connects a provider for import with deliveries going to `$base`; returns that connection. */
	protected function connect_with_push( string $provider, string $base = self::QUIET_BASE ): array {
		$this->use_public_base( $base );
		if ( 'calendly' === $provider ) {
			$this->set_calendly_signing_key( Peer::CALENDLY_APP_SIGNING_KEY );
		}
		$this->connect( $provider, array( 'import' ) );
		return current( wp_list_filter( $this->connections(), array( 'provider' => $provider ) ) );
	}

	/** Enters the Calendly OAuth app's webhook signing key under Settings, as an administrator would. */
	protected function set_calendly_signing_key( string $key ): void {
		$response = $this->rest( 'PUT', '/syncwarden/v1/providers/calendly/webhook-signing-key', array( 'signing_key' => $key ) );
		$this->assertSame( 200, $response->get_status(), wp_json_encode( $response->get_data() ) );
	}

	/** What the peer holds: subscriptions with their secrets, and what it sent. */
	protected static function peer_push(): array {
		return Peer::control( 'GET', '/push' );
	}

	protected static function store(): SubscriptionStore {
		return new SubscriptionStore( new Vault( KeyRing::from_wp_config() ) );
	}

	/** The endpoint URL the plugin registered for a connection. */
	protected function endpoint_url( int $id ): string {
		return $this->rest( 'GET', "/syncwarden/v1/connections/$id/push" )->get_data()['endpoint_url'];
	}

	/**
	 * A POST to a webhook route through the real REST server, from a client address.
	 *
	 * @param string $route   Route below the namespace, e.g. /webhooks/calendly/3.
	 * @param string $body    Raw body.
	 * @param array  $headers Request headers.
	 * @param string $ip      Client address.
	 * @param array  $query   Query parameters.
	 */
	protected function deliver( string $route, string $body, array $headers, string $ip = self::CLIENT_IP, array $query = array() ): WP_REST_Response {
		$_SERVER['REMOTE_ADDR'] = $ip;
		$request                = new WP_REST_Request( 'POST', '/syncwarden/v1' . $route );
		$request->set_body( $body );
		$request->set_query_params( $query );
		foreach ( $headers as $name => $value ) {
			$request->set_header( $name, $value );
		}
		$previous = get_current_user_id();
		wp_set_current_user( 0 ); // Providers have no WordPress account.
		try {
			return rest_do_request( $request );
		} finally {
			wp_set_current_user( $previous );
		}
	}

	/** `security_event` audit entries, newest first. */
	protected function security_events(): array {
		global $wpdb;
		$rows = $wpdb->get_results( "SELECT * FROM {$wpdb->prefix}syncwarden_audit WHERE action = 'security_event' ORDER BY id DESC", ARRAY_A );
		return array_map(
			static fn( array $row ) => array( 'connection_id' => null === $row['connection_id'] ? null : (int) $row['connection_id'] ) + (array) json_decode( $row['context'], true ),
			(array) $rows
		);
	}

	/** The kinds of the security events recorded so far. */
	protected function security_kinds(): array {
		return array_values( array_unique( array_column( $this->security_events(), 'kind' ) ) );
	}

	protected static function count_rows( string $table ): int {
		global $wpdb;
		return (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$wpdb->prefix}syncwarden_$table" );
	}

	protected static function refused_today( int $id ): int {
		return ( new SecurityEvents( new Counters(), self::store(), new \SyncWarden\Audit\AuditLog() ) )->refused_today( $id );
	}
}
