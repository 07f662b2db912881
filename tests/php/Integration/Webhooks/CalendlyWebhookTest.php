<?php

namespace SyncWarden\Tests\Integration\Webhooks;

use SyncWarden\REST\WebhooksController;
use SyncWarden\Sync\Importer;
use SyncWarden\Tests\Peer;
use SyncWarden\Tests\WebhookTestCase;
use SyncWarden\Webhooks\SecurityEvents;

/**
 * Calendly deliveries against a subscription made for real at the peer, signed with the OAuth
 * app's webhook signing key (entered under Settings); requests go through the real REST server,
 * gate included.
 */
final class CalendlyWebhookTest extends WebhookTestCase {

	private int $id;

	private string $key;

	protected function setUp(): void {
		parent::setUp();
		$this->id  = $this->connect_with_push( 'calendly' )['id'];
		$this->key = Peer::CALENDLY_APP_SIGNING_KEY; // Calendly signs an OAuth app's deliveries with the app's key.
	}

	/**
	 * A delivery document as Calendly sends it, for a scheduled event.
	 *
	 * @param string $event invitee.created or invitee.canceled.
	 * @param string $uuid  Scheduled event UUID.
	 */
	private static function document( string $event, string $uuid ): string {
		$uri       = 'https://api.calendly.com/scheduled_events/' . $uuid;
		$cancelled = 'invitee.canceled' === $event;
		$start     = strtotime( '+2 days 10:00 UTC' );
		return (string) wp_json_encode(
			array(
				'created_at' => gmdate( 'Y-m-d\TH:i:s.000000\Z' ),
				'created_by' => 'https://api.calendly.com/users/SANDBOX',
				'event'      => $event,
				'payload'    => array(
					'email'                 => 'dana.whitfield@example.com',
					'name'                  => 'Dana Whitfield',
					'status'                => $cancelled ? 'canceled' : 'active',
					'timezone'              => 'Europe/Berlin',
					'uri'                   => $uri . '/invitees/' . wp_generate_uuid4(),
					'event'                 => $uri,
					'questions_and_answers' => array(),
					'scheduled_event'       => array(
						'uri'              => $uri,
						'name'             => 'Intro call – Dana Whitfield',
						'status'           => $cancelled ? 'canceled' : 'active',
						'start_time'       => gmdate( 'Y-m-d\TH:i:s.000000\Z', $start ),
						'end_time'         => gmdate( 'Y-m-d\TH:i:s.000000\Z', $start + 1800 ),
						'event_type'       => 'https://api.calendly.com/event_types/SANDBOX',
						'invitees_counter' => array(
							'total'  => 1,
							'active' => $cancelled ? 0 : 1,
							'limit'  => 1,
						),
					),
				),
			)
		);
	}

	/** Headers of a correctly signed delivery. */
	private function signed( string $body, ?int $time = null, ?string $key = null ): array {
		$time = $time ?? time();
		return array(
			'content-type'               => 'application/json',
			'calendly-webhook-signature' => 't=' . $time . ',v1=' . hash_hmac( 'sha256', $time . '.' . $body, $key ?? $this->key ),
		);
	}

	private function post( string $body, array $headers, string $ip = self::CLIENT_IP ): \WP_REST_Response {
		return $this->deliver( "/webhooks/calendly/{$this->id}", $body, $headers, $ip );
	}

	/** Bookings this connection created, by the scheduled event they are linked to. */
	private function bookings(): array {
		global $wpdb;
		return (array) $wpdb->get_results(
			$wpdb->prepare(
				"SELECT l.external_id, b.* FROM {$wpdb->prefix}syncwarden_booking_links l JOIN {$wpdb->prefix}syncwarden_bookings b ON b.id = l.booking_id WHERE l.connection_id = %d",
				$this->id
			),
			ARRAY_A
		);
	}

	public function test_connecting_subscribes_the_endpoint_at_calendly_without_a_key_of_its_own_and_the_app_signing_key_is_stored_only_encrypted(): void {
		$subscription = self::peer_push()['calendly'][0];

		$this->assertSame( $this->endpoint_url( $this->id ), $subscription['callback_url'] );
		$this->assertFalse( $subscription['signing_key_sent'], 'Calendly signs an OAuth app’s deliveries with the app key' );
		$this->assertNull( self::store()->secret( $this->id, 'signing_key' ), 'no subscription key kept' );
		$this->assertSame( array( 'invitee.created', 'invitee.canceled' ), $subscription['events'] );
		$this->assertSame( 'user', $subscription['scope'] );
		$this->assertSame( 'https://api.calendly.com/users/SANDBOX', $subscription['user'] );
		$this->assertContains( 'webhooks:write', $this->connections()[0]['requested_scopes'] );
		$record = self::store()->find( $this->id );
		$this->assertSame( 'active', $record['state'] );
		$this->assertSame( $subscription['uri'], $record['remote_id'] );
		global $wpdb;
		$row = $wpdb->get_row( "SELECT option_value, autoload FROM {$wpdb->options} WHERE option_name = 'syncwarden_credentials_calendly_webhook_signing_key'", ARRAY_A );
		$this->assertStringNotContainsString( $this->key, $row['option_value'] );
		$this->assertStringContainsString( 'sw1$', $row['option_value'], 'a vault envelope' );
		$this->assertContains( $row['autoload'], array( 'no', 'off' ), 'never autoloaded (WordPress 6.6+ writes "off")' );
	}

	public function test_a_genuine_delivery_signed_with_the_app_key_becomes_a_booking_and_one_signed_with_the_subscription_key_is_refused(): void {
		$body = self::document( 'invitee.created', 'c0ffee00-0000-4000-8000-0000000000aa' );

		$genuine = $this->post( $body, $this->signed( $body ) );
		$by_sub  = $this->post( $body, $this->signed( $body, time() + 1, (string) self::peer_push()['calendly'][0]['signing_key'] ) );

		$this->assertSame( 200, $genuine->get_status(), wp_json_encode( $genuine->get_data() ) );
		$this->assertSame( 1, $genuine->get_data()['created'] );
		$this->assertSame( 401, $by_sub->get_status(), 'the subscription’s key signs nothing for an OAuth app' );
		$this->assertCount( 1, $this->bookings() );
	}

	public function test_without_the_app_signing_key_every_delivery_is_refused_and_settings_say_it_is_missing(): void {
		$this->assertSame( 200, $this->rest( 'DELETE', '/syncwarden/v1/providers/calendly/webhook-signing-key' )->get_status() );
		$body = self::document( 'invitee.created', 'c0ffee00-0000-4000-8000-0000000000bb' );

		$response = $this->post( $body, $this->signed( $body ) );

		$this->assertSame( 503, $response->get_status() );
		$this->assertStringContainsString( 'signing key', $response->get_data()['message'] );
		$this->assertSame( array(), $this->bookings() );
		$calendly = current( wp_list_filter( $this->rest( 'GET', '/syncwarden/v1/providers' )->get_data(), array( 'id' => 'calendly' ) ) );
		$this->assertSame( array( 'source' => 'none', 'state' => 'missing', 'updated_at' => null ), $calendly['webhook_signing_key'] );
		$this->assertContains( 'credentials.signing_key_removed', array_column( ( new \SyncWarden\Audit\AuditLog() )->recent( 3 ), 'event' ) );
		$this->assertTrue( $this->rest( 'GET', "/syncwarden/v1/connections/{$this->id}/push" )->get_data()['verification_blocked'], 'the Connections tab says deliveries cannot be verified' );
	}

	public function test_a_valid_signed_event_makes_exactly_one_booking_and_the_same_event_again_is_still_one(): void {
		$body = self::document( 'invitee.created', 'c0ffee00-0000-4000-8000-000000000001' );

		$first = $this->post( $body, $this->signed( $body ) );
		$again = $this->post( $body, $this->signed( $body, time() + 1 ) ); // Calendly's retry: new t, new signature.

		$this->assertSame( 200, $first->get_status(), wp_json_encode( $first->get_data() ) );
		$this->assertSame( 1, $first->get_data()['created'] );
		$this->assertSame( 200, $again->get_status() );
		$this->assertSame( 1, $again->get_data()['unchanged'] );
		$bookings = $this->bookings();
		$this->assertCount( 1, $bookings );
		$this->assertSame( 'c0ffee00-0000-4000-8000-000000000001', $bookings[0]['external_id'] );
		$this->assertSame( 'Intro call – Dana Whitfield', $bookings[0]['title'] );
		$this->assertSame( 'dana.whitfield@example.com', $bookings[0]['customer_email'] );
		$this->assertSame( 'confirmed', $bookings[0]['status'] );
		$this->assertSame( array(), $this->security_events() );
		$this->assertNotNull( $this->rest( 'GET', "/syncwarden/v1/connections/{$this->id}/push" )->get_data()['last_delivery_at'] );
	}

	public function test_a_delivery_during_an_import_run_waits_for_its_lock_and_leaves_the_event_to_a_run(): void {
		$lock = new \SyncWarden\Storage\Lock(); // Its row goes with the test's rollback.
		$this->assertTrue( $lock->acquire( Importer::LOCK_PREFIX . $this->id, 600 ), 'an import run of this connection is under way' );
		wp_clear_scheduled_hook( Importer::SOON_HOOK, array( $this->id ) );
		$body     = self::document( 'invitee.created', 'c0ffee00-0000-4000-8000-0000000000cc' );
		$response = $this->post( $body, $this->signed( $body ) );
		$lock->release( Importer::LOCK_PREFIX . $this->id );
		$this->assertSame( 200, $response->get_status(), 'Calendly must not retry or disable the subscription' );
		$this->assertSame( 'sync_requested', $response->get_data()['code'] );
		$this->assertSame( array(), $this->bookings(), 'nothing written beside the run' );
		$this->assertNotFalse( wp_next_scheduled( Importer::SOON_HOOK, array( $this->id ) ) );
		$this->assertSame( 1, $this->post( $body, $this->signed( $body, time() + 1 ) )->get_data()['created'], 'Calendly’s retry after the run' );
	}

	public function test_invitee_canceled_cancels_the_booking_polling_made_for_the_same_scheduled_event(): void {
		$this->assertSame( 200, $this->rest( 'POST', "/syncwarden/v1/connections/{$this->id}/sync" )->get_status() );
		$before = count( $this->bookings() );
		$live   = current( array_filter( $this->bookings(), static fn( $b ) => 'confirmed' === $b['status'] ) );
		$body   = self::document( 'invitee.canceled', $live['external_id'] );

		$response = $this->post( $body, $this->signed( $body ) );

		$this->assertSame( 200, $response->get_status(), wp_json_encode( $response->get_data() ) );
		$this->assertSame( 1, $response->get_data()['cancelled'] );
		$this->assertCount( $before, $this->bookings(), 'webhook and polling share one booking per scheduled event' );
		$after = array_column( $this->bookings(), 'status', 'external_id' );
		$this->assertSame( 'cancelled', $after[ $live['external_id'] ] );
	}

	public function test_a_copy_of_the_site_applies_nothing_until_confirmed_as_the_live_site(): void {
		global $wpdb;
		// The connection was made on the live site: its fingerprint is that of the live address.
		$wpdb->update( $wpdb->prefix . 'syncwarden_connections', array( 'site_key' => \SyncWarden\Storage\SiteIdentity::fingerprint( 'https://live.example.com' ) ), array( 'id' => $this->id ) );
		$body = self::document( 'invitee.created', 'c0ffee00-0000-4000-8000-00000000000e' );

		$response = $this->post( $body, $this->signed( $body ) );

		$this->assertSame( 200, $response->get_status() );
		$this->assertSame( 'paused', $response->get_data()['code'] );
		$this->assertSame( array(), $this->bookings() );
	}

	public function test_a_tampered_body_is_refused_and_nothing_is_written(): void {
		$body     = self::document( 'invitee.created', 'c0ffee00-0000-4000-8000-000000000002' );
		$headers  = $this->signed( $body );
		$tampered = str_replace( 'Dana Whitfield', 'Mallory Whitfield', $body );

		$response = $this->post( $tampered, $headers );

		$this->assertSame( 401, $response->get_status() );
		$this->assertSame( array(), $this->bookings() );
		$this->assertSame( array( SecurityEvents::BAD_SIGNATURE ), $this->security_kinds() );
	}

	public function test_a_signature_made_with_another_key_is_refused(): void {
		$body = self::document( 'invitee.created', 'c0ffee00-0000-4000-8000-000000000003' );

		$response = $this->post( $body, $this->signed( $body, null, 'another-key-' . str_repeat( 'x', 32 ) ) );

		$this->assertSame( 401, $response->get_status() );
		$this->assertSame( array(), $this->bookings() );
		$this->assertSame( array( SecurityEvents::BAD_SIGNATURE ), $this->security_kinds() );
	}

	public function test_a_missing_or_malformed_signature_header_is_refused(): void {
		$body  = self::document( 'invitee.created', 'c0ffee00-0000-4000-8000-000000000004' );
		$valid = $this->signed( $body )['calendly-webhook-signature'];
		$cases = array(
			'missing'          => null,
			'empty'            => '',
			'no timestamp'     => substr( $valid, strpos( $valid, 'v1=' ) ),
			'no signature'     => 't=' . time(),
			'short hex'        => 't=' . time() . ',v1=abc123',
			'not hex'          => 't=' . time() . ',v1=' . str_repeat( 'z', 64 ),
			'text timestamp'   => 't=yesterday,v1=' . str_repeat( 'a', 64 ),
			'other scheme'     => str_replace( 'v1=', 'v0=', $valid ),
			'absurdly long'    => $valid . str_repeat( ',x=1', 400 ),
		);
		foreach ( $cases as $case => $header ) {
			$headers = array( 'content-type' => 'application/json' ) + ( null === $header ? array() : array( 'calendly-webhook-signature' => $header ) );

			$this->assertSame( 401, $this->post( $body, $headers )->get_status(), $case );
		}

		$this->assertSame( array(), $this->bookings() );
		$this->assertSame( array( SecurityEvents::MISSING_SIGNATURE ), $this->security_kinds() );
		$this->assertSame( count( $cases ), self::refused_today( $this->id ) );
	}

	public function test_a_stale_timestamp_is_refused_even_with_a_valid_signature(): void {
		$body = self::document( 'invitee.created', 'c0ffee00-0000-4000-8000-000000000005' );

		$response = $this->post( $body, $this->signed( $body, time() - 181 ) );

		$this->assertSame( 401, $response->get_status() );
		$this->assertSame( array(), $this->bookings() );
		$this->assertSame( array( SecurityEvents::STALE ), $this->security_kinds() );
	}

	public function test_a_timestamp_in_the_future_beyond_the_skew_is_refused(): void {
		$body = self::document( 'invitee.created', 'c0ffee00-0000-4000-8000-000000000006' );

		$within = $this->post( $body, $this->signed( $body, time() + 20 ) );
		$beyond = $this->post( $body, $this->signed( $body, time() + 90 ) );

		$this->assertSame( 200, $within->get_status(), 'a small clock skew is tolerated' );
		$this->assertSame( 401, $beyond->get_status() );
		$this->assertSame( array( SecurityEvents::FUTURE ), $this->security_kinds() );
	}

	public function test_replaying_a_valid_request_is_refused_and_applies_nothing_more(): void {
		$body    = self::document( 'invitee.created', 'c0ffee00-0000-4000-8000-000000000007' );
		$headers = $this->signed( $body );
		$this->assertSame( 200, $this->post( $body, $headers )->get_status() );

		$replay = $this->post( $body, $headers, '198.51.100.20' ); // From elsewhere, within the 3 minutes.

		$this->assertSame( 409, $replay->get_status() );
		$this->assertCount( 1, $this->bookings() );
		$this->assertSame( array( SecurityEvents::REPLAYED ), $this->security_kinds() );
		global $wpdb;
		$this->assertSame( '1', (string) $wpdb->get_var( "SELECT COUNT(*) FROM {$wpdb->prefix}syncwarden_booking_links WHERE external_id = 'c0ffee00-0000-4000-8000-000000000007'" ) );
	}

	public function test_an_oversized_body_is_refused_before_verification(): void {
		$body = self::document( 'invitee.created', 'c0ffee00-0000-4000-8000-000000000008' );
		$big  = substr( $body, 0, -1 ) . ',"padding":"' . str_repeat( 'p', WebhooksController::MAX_BODY_BYTES ) . '"}';

		$response = $this->post( $big, $this->signed( $big ) );

		$this->assertSame( 413, $response->get_status() );
		$this->assertSame( array(), $this->bookings() );
		$this->assertSame( array( SecurityEvents::OVERSIZED ), $this->security_kinds() );
	}

	public function test_malformed_json_is_refused_without_writing_even_when_signed(): void {
		foreach ( array( '{"event":"invitee.created","payload":', '{"event":"invitee.created","payload":{"scheduled_event":{"uri":42}}}', '[]' ) as $body ) {
			$response = $this->post( $body, $this->signed( $body ) );

			$this->assertSame( 400, $response->get_status(), $body );
		}
		$this->assertSame( array(), $this->bookings() );
	}

	public function test_a_signed_delivery_naming_its_event_only_by_uri_asks_for_a_sync_and_keeps_the_subscription(): void {
		// Calendly's OpenAPI Invitee has only `event` (the URI); its sample data embeds `scheduled_event`.
		$document = json_decode( self::document( 'invitee.created', 'c0ffee00-0000-4000-8000-00000000000b' ), true );
		unset( $document['payload']['scheduled_event'] );
		$body = (string) wp_json_encode( $document );
		wp_clear_scheduled_hook( Importer::SOON_HOOK, array( $this->id ) );

		$response = $this->post( $body, $this->signed( $body ) );

		$this->assertSame( 200, $response->get_status(), 'any other status counts as a failed delivery at Calendly' );
		$this->assertSame( 'sync_requested', $response->get_data()['code'] );
		$this->assertNotFalse( wp_next_scheduled( Importer::SOON_HOOK, array( $this->id ) ), 'the polling import fetches the event' );
		$this->assertSame( array(), $this->bookings(), 'nothing is taken from the body itself' );
	}

	public function test_an_unknown_query_parameter_is_refused(): void {
		$body     = self::document( 'invitee.created', 'c0ffee00-0000-4000-8000-000000000009' );
		$response = $this->deliver( "/webhooks/calendly/{$this->id}", $body, $this->signed( $body ), self::CLIENT_IP, array( 'debug' => '1' ) );

		$this->assertSame( 400, $response->get_status() );
		$this->assertSame( array(), $this->bookings() );
	}

	public function test_the_connection_comes_from_the_url_never_from_the_body(): void {
		$body = substr( self::document( 'invitee.created', 'c0ffee00-0000-4000-8000-00000000000a' ), 0, -1 ) . ',"connection":999}';

		$response = $this->post( $body, $this->signed( $body ) );

		$this->assertSame( 200, $response->get_status() );
		$this->assertCount( 1, $this->bookings() );
	}

	public function test_an_endpoint_of_a_connection_that_does_not_exist_refuses_like_a_forgery(): void {
		$body = self::document( 'invitee.created', 'c0ffee00-0000-4000-8000-00000000000b' );

		$response = $this->deliver( '/webhooks/calendly/' . ( $this->id + 50 ), $body, $this->signed( $body ) );

		$this->assertSame( 401, $response->get_status() );
		$this->assertSame( 0, self::count_rows( 'bookings' ) );
		$this->assertSame( array( SecurityEvents::UNKNOWN_ENDPOINT ), $this->security_kinds() );
	}

	public function test_a_thousand_forged_requests_are_all_refused_the_limiter_engages_and_no_row_is_written(): void {
		$bookings_before = self::count_rows( 'bookings' );
		$audit_before    = self::count_rows( 'audit' );
		$statuses        = array();
		$durations       = array();
		$retry_after     = array();
		$began           = microtime( true );
		for ( $i = 0; $i < 1000; $i++ ) {
			$body    = self::document( 'invitee.created', sprintf( 'f0f0f0f0-0000-4000-8000-%012d', $i ) );
			$started = microtime( true );
			$answer  = $this->post( $body, $this->signed( $body, null, 'forged-key-' . $i ) );
			$durations[] = microtime( true ) - $started;
			$statuses[]  = $answer->get_status();
			if ( 429 === $answer->get_status() ) {
				$retry_after[] = (int) $answer->get_headers()['Retry-After'];
			}
		}
		$counts = array_count_values( $statuses );
		ksort( $counts );
		// The window slides: a run slower than the limit's own rate (a loaded machine) is owed a
		// little more, 120 per minute it took; a fast run gets exactly 120.
		$owed = 120 + (int) floor( 120 * ( microtime( true ) - $began ) / 60 );

		$this->assertSame( array( 401, 429 ), array_keys( $counts ), 'every forged request was refused' );
		$this->assertSame( array_fill( 0, 120, 401 ), array_slice( $statuses, 0, 120 ), 'the first 120 reached verification' );
		$this->assertLessThanOrEqual( $owed, $counts[401], 'the per-address limit (120 a minute) engaged' );
		$this->assertGreaterThanOrEqual( 1000 - $owed, $counts[429], 'and stayed engaged' );
		$this->assertGreaterThanOrEqual( 1, min( $retry_after ) );
		$this->assertSame( $bookings_before, self::count_rows( 'bookings' ) );
		$this->assertSame( 0, self::count_rows( 'booking_links' ) );
		$this->assertLessThanOrEqual( 6, self::count_rows( 'audit' ) - $audit_before, 'one audit row per kind and minute, not a thousand' );
		$this->assertEqualsCanonicalizing( array( SecurityEvents::BAD_SIGNATURE, SecurityEvents::RATE_LIMITED, 'burst' ), $this->security_kinds() );
		$this->assertSame( 1000, self::refused_today( $this->id ) );
		sort( $durations );
		$this->assertLessThan( 0.05, $durations[500], 'a refusal stays cheap (median under 50 ms)' );

		// The site stays responsive: Calendly itself, from its own address, still gets through.
		$genuine = self::document( 'invitee.created', 'c0ffee00-0000-4000-8000-00000000000c' );
		$this->assertSame( 200, $this->post( $genuine, $this->signed( $genuine ), '198.51.100.30' )->get_status() );
		$this->assertCount( 1, $this->bookings() );
		$this->assertSame( 200, $this->rest( 'GET', "/syncwarden/v1/connections/{$this->id}/push" )->get_status() );
	}

	public function test_disconnecting_deletes_the_subscription_at_calendly_and_the_local_key(): void {
		$response = $this->rest( 'DELETE', "/syncwarden/v1/connections/{$this->id}" );

		$this->assertSame( 200, $response->get_status() );
		$this->assertSame( array(), self::peer_push()['calendly'] );
		$this->assertArrayHasKey( "DELETE /api/calendly/webhook_subscriptions/{$this->uuid_of_deleted()}", Peer::stats()['apiRoutes'] );
		$this->assertFalse( get_option( 'syncwarden_push_' . $this->id ) );
		$this->assertSame( array(), self::store()->retired() );
		$body = self::document( 'invitee.created', 'c0ffee00-0000-4000-8000-00000000000d' );
		$this->assertSame( 401, $this->post( $body, $this->signed( $body ) )->get_status(), 'the old key opens nothing' );
	}

	/** The UUID of the subscription the peer saw deleted. */
	private function uuid_of_deleted(): string {
		$deletes = array_filter( Peer::stats()['requests'], static fn( $r ) => 'DELETE' === $r['method'] && str_contains( $r['path'], '/webhook_subscriptions/' ) );
		return basename( (string) end( $deletes )['path'] );
	}
}
