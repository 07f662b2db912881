<?php

namespace SyncWarden\Tests\Integration\Webhooks;

use SyncWarden\Storage\Schema;
use SyncWarden\Tests\Harness\CanaryScanner;
use SyncWarden\Storage\SiteIdentity;
use SyncWarden\Sync\Importer;
use SyncWarden\Tests\Peer;
use SyncWarden\Tests\SiteServer;
use SyncWarden\Tests\WebhookTestCase;
use SyncWarden\Uninstaller;
use SyncWarden\Webhooks\PushSubscriptions;
use SyncWarden\Webhooks\SecurityEvents;

/**
 * The whole round trip over real HTTP: the site is served by `php -S`, the peer makes Graph's
 * validation handshake against it and delivers signed Calendly events, Google notifications
 * and Graph notifications to it. The served site shares the test database, so these tests
 * commit what they set up (an open transaction would hide it) and remove everything afterwards.
 */
final class DeliveryOverHttpTest extends WebhookTestCase {

	private static SiteServer $site;

	public static function setUpBeforeClass(): void {
		parent::setUpBeforeClass();
		self::$site = new SiteServer();
		self::$site->start();
	}

	public static function tearDownAfterClass(): void {
		self::$site->stop();
		parent::tearDownAfterClass();
	}

	protected function tearDown(): void {
		// These tests committed their data so the served site could see it; remove it all.
		Uninstaller::run();
		Schema::migrate();
		global $wpdb;
		$wpdb->query( 'START TRANSACTION' );
		parent::tearDown();
	}

	/**
	 * Connects (on polling: the test site itself is not reachable), commits, then subscribes with
	 * deliveries going to the served site — as an administrator clicking Resubscribe would.
	 *
	 * @param string $provider Provider id.
	 * @return int Connection id.
	 */
	private function connect_and_subscribe( string $provider ): int {
		global $wpdb;
		$id = $this->connect( $provider, array( 'import' ) )['id'];
		if ( 'calendly' === $provider ) {
			$this->set_calendly_signing_key( Peer::CALENDLY_APP_SIGNING_KEY ); // From the Calendly developer portal.
		}
		$wpdb->query( 'COMMIT' );
		$this->use_public_base( self::$site->rest_base() );
		$status = $this->rest( 'POST', "/syncwarden/v1/connections/$id/push/resubscribe" )->get_data();
		$this->assertSame( 'active', $status['state'], wp_json_encode( $status ) );
		return $id;
	}

	/**
	 * The served site answers on its own address, so to the clone lock it is another copy of
	 * the site than this process: deliveries it applies belong to a connection made there.
	 *
	 * @param int $id Connection id.
	 */
	private static function made_on_the_served_site( int $id ): void {
		global $wpdb;
		$wpdb->update( $wpdb->prefix . 'syncwarden_connections', array( 'site_key' => SiteIdentity::fingerprint( self::$site->url() ) ), array( 'id' => $id ) );
	}

	/** Reads what the served site wrote (this process's caches know nothing of it). */
	private static function fresh(): void {
		wp_cache_flush();
	}

	private static function sync_scheduled( int $id ): bool {
		self::fresh();
		return false !== wp_next_scheduled( Importer::SOON_HOOK, array( $id ) );
	}

	public function test_graph_validates_the_endpoint_over_http_before_the_subscription_exists(): void {
		$id = $this->connect_and_subscribe( 'microsoft' );

		$push         = self::peer_push();
		$subscription = $push['microsoft'][0];
		$validation   = array_values( array_filter( $push['sent'], static fn( $s ) => 'microsoft.validation' === $s['kind'] ) );
		$this->assertCount( 1, $validation );
		$this->assertSame( 200, $validation[0]['status'], 'the served site echoed the token as text/plain' );
		$this->assertStringStartsWith( self::$site->rest_base() . "syncwarden/v1/webhooks/microsoft/$id?validationToken=", $validation[0]['url'] );
		$this->assertSame( self::$site->rest_base() . "syncwarden/v1/webhooks/microsoft/$id", $subscription['notificationUrl'] );
		$this->assertSame( 'me/events', $subscription['resource'] );
		$this->assertSame( self::store()->secret( $id, 'client_state' ), $subscription['clientState'] );
		$record = self::store()->find( $id );
		$this->assertSame( $subscription['id'], $record['remote_id'] );
		$this->assertArrayNotHasKey( 'handshake_until', $record, 'the handshake window closed' );
		$this->assertEqualsWithDelta( strtotime( $subscription['expirationDateTime'] ), $record['expires_at'], 1 );
	}

	public function test_the_validation_handshake_is_not_answered_when_no_subscription_is_being_created(): void {
		$id = $this->connect_and_subscribe( 'microsoft' );

		$answer = self::post( self::$site->rest_base() . "syncwarden/v1/webhooks/microsoft/$id?validationToken=" . rawurlencode( 'probe from elsewhere' ), '', array( 'Content-Type: text/plain' ) );

		$this->assertSame( 404, $answer['status'] );
		$this->assertStringNotContainsString( 'probe from elsewhere', $answer['body'] );
	}

	public function test_a_graph_notification_with_its_client_state_schedules_a_sync_on_the_served_site(): void {
		$id = $this->connect_and_subscribe( 'microsoft' );

		$delivery = Peer::control( 'POST', '/deliver', array( 'provider' => 'microsoft' ) );

		$this->assertSame( 202, $delivery['status'], wp_json_encode( $delivery ) );
		$this->assertTrue( self::sync_scheduled( $id ) );
	}

	public function test_a_graph_notification_with_a_wrong_client_state_is_refused_and_schedules_nothing(): void {
		$id = $this->connect_and_subscribe( 'microsoft' );

		$delivery = Peer::control(
			'POST',
			'/deliver',
			array(
				'provider' => 'microsoft',
				'tamper'   => 'clientState',
			)
		);

		$this->assertSame( 401, $delivery['status'] );
		$this->assertFalse( self::sync_scheduled( $id ) );
		$this->assertSame( array( SecurityEvents::WRONG_CLIENT_STATE ), $this->security_kinds() );
	}

	public function test_graph_renewal_extends_the_subscription_and_recreates_one_graph_forgot(): void {
		$id       = $this->connect_and_subscribe( 'microsoft' );
		$original = self::peer_push()['microsoft'][0];
		self::store()->update( $id, array( 'expires_at' => time() + 3600 ) );

		do_action( PushSubscriptions::RENEW_HOOK );

		$renewed = self::peer_push()['microsoft'][0];
		$this->assertSame( $original['id'], $renewed['id'], 'renewed in place' );
		$this->assertSame( 1, Peer::stats()['apiRoutes'][ 'PATCH /api/microsoft/v1.0/subscriptions/' . $original['id'] ] ?? 0 );
		$this->assertGreaterThan( time() + 2 * DAY_IN_SECONDS, self::store()->find( $id )['expires_at'] );

		Peer::control(
			'POST',
			'/push',
			array(
				'action'   => 'forget',
				'provider' => 'microsoft',
			)
		);
		self::store()->update( $id, array( 'expires_at' => time() + 3600 ) );
		do_action( PushSubscriptions::RENEW_HOOK );

		$recreated = self::peer_push()['microsoft'];
		$this->assertCount( 1, $recreated );
		$this->assertNotSame( $original['id'], $recreated[0]['id'] );
		$this->assertSame( $recreated[0]['id'], self::store()->find( $id )['remote_id'] );
		$this->assertSame( 202, Peer::control( 'POST', '/deliver', array( 'provider' => 'microsoft' ) )['status'] );
	}

	public function test_disconnecting_deletes_the_graph_subscription(): void {
		$id = $this->connect_and_subscribe( 'microsoft' );

		$this->assertSame( 200, $this->rest( 'DELETE', "/syncwarden/v1/connections/$id" )->get_status() );

		$this->assertSame( array(), self::peer_push()['microsoft'] );
		$this->assertFalse( get_option( 'syncwarden_push_' . $id ) );
	}

	public function test_the_client_state_never_appears_in_plaintext_anywhere_after_real_deliveries(): void {
		$id     = $this->connect_and_subscribe( 'microsoft' );
		$secret = self::peer_push()['microsoft'][0]['clientState'];
		Peer::control( 'POST', '/deliver', array( 'provider' => 'microsoft' ) );
		Peer::control(
			'POST',
			'/deliver',
			array(
				'provider' => 'microsoft',
				'tamper'   => 'clientState',
			)
		);
		self::fresh();

		$scanner = ( new CanaryScanner( array( $secret ) ) )
			->scan_database()
			->scan_file( WP_DEBUG_LOG )
			->scan_readable_routes( array( 'id' => (string) $id ) );

		$this->assertSame( array(), $scanner->findings() );
	}

	public function test_a_signed_calendly_delivery_over_http_makes_one_booking_and_its_replay_is_refused(): void {
		$id = $this->connect_and_subscribe( 'calendly' );
		self::made_on_the_served_site( $id );

		$delivery = Peer::control(
			'POST',
			'/deliver',
			array(
				'provider' => 'calendly',
				'repeat'   => 2,
			)
		);

		$this->assertSame( array( 200, 409 ), array_column( $delivery['results'], 'status' ), wp_json_encode( $delivery ) );
		global $wpdb;
		$linked = $wpdb->get_col( $wpdb->prepare( "SELECT external_id FROM {$wpdb->prefix}syncwarden_booking_links WHERE connection_id = %d", $id ) );
		$this->assertSame( array( $delivery['uuid'] ), $linked );
		$this->assertSame( array( SecurityEvents::REPLAYED ), $this->security_kinds() );

		$cancel = Peer::control(
			'POST',
			'/deliver',
			array(
				'provider' => 'calendly',
				'event'    => 'invitee.canceled',
				'uuid'     => $delivery['uuid'],
			)
		);
		$this->assertSame( 200, $cancel['status'] );
		$this->assertSame( 'cancelled', $wpdb->get_var( $wpdb->prepare( "SELECT b.status FROM {$wpdb->prefix}syncwarden_bookings b JOIN {$wpdb->prefix}syncwarden_booking_links l ON l.booking_id = b.id WHERE l.external_id = %s", $delivery['uuid'] ) ) );
	}

	public function test_forged_calendly_deliveries_over_http_are_refused(): void {
		$this->connect_and_subscribe( 'calendly' );

		// `subscription-key`: signed with the subscription's own key, which Calendly uses only for
		// personal access tokens; an OAuth app's deliveries carry the app's key.
		foreach ( array( 'key', 'subscription-key', 'body', 'stale', 'future', 'malformed', 'no-signature' ) as $tamper ) {
			$delivery = Peer::control(
				'POST',
				'/deliver',
				array(
					'provider' => 'calendly',
					'tamper'   => $tamper,
				)
			);
			$this->assertSame( 401, $delivery['status'], $tamper );
		}

		$this->assertSame( 0, self::count_rows( 'booking_links' ) );
		$this->assertEqualsCanonicalizing( array( SecurityEvents::BAD_SIGNATURE, SecurityEvents::STALE, SecurityEvents::FUTURE, SecurityEvents::MISSING_SIGNATURE ), $this->security_kinds() );
	}

	public function test_a_google_notification_over_http_schedules_a_sync_and_a_forged_token_does_not(): void {
		$id = $this->connect_and_subscribe( 'google' );

		$forged = Peer::control(
			'POST',
			'/deliver',
			array(
				'provider' => 'google',
				'tamper'   => 'token',
			)
		);
		$this->assertSame( 401, $forged['status'] );
		$this->assertFalse( self::sync_scheduled( $id ) );

		$genuine = Peer::control( 'POST', '/deliver', array( 'provider' => 'google' ) );
		$this->assertSame( 200, $genuine['status'] );
		$this->assertTrue( self::sync_scheduled( $id ) );
		$sync = array_values( array_filter( self::peer_push()['sent'], static fn( $s ) => 'google.sync' === $s['kind'] ) );
		$this->assertSame( 200, $sync[0]['status'] ?? null, 'the channel\'s sync message was acknowledged' );
	}

	public function test_a_flood_over_http_is_answered_429_with_retry_after_and_the_site_keeps_serving(): void {
		$id      = $this->connect_and_subscribe( 'calendly' );
		$url     = self::$site->rest_base() . "syncwarden/v1/webhooks/calendly/$id";
		$answers = array();
		for ( $i = 0; $i < 130; $i++ ) {
			$answers[] = self::post( $url, '{"event":"invitee.created"}', array( 'Content-Type: application/json', 'Calendly-Webhook-Signature: t=' . time() . ',v1=' . str_repeat( 'ab', 32 ) ) );
		}

		$statuses = array_column( $answers, 'status' );
		$limited  = (int) array_search( 429, $statuses, true );
		$this->assertGreaterThanOrEqual( 115, $limited, 'refused as unverified up to the limit of 120 a minute' );
		$this->assertSame( array_fill( 0, $limited, 401 ), array_slice( $statuses, 0, $limited ) );
		$this->assertSame( array_fill( 0, 130 - $limited, 429 ), array_slice( $statuses, $limited ), 'then refused by the limiter, and kept so' );
		$this->assertMatchesRegularExpression( '/^Retry-After: [1-9]\d*\r?$/mi', $answers[129]['headers'] );
		$this->assertSame( 200, self::get( self::$site->url() . '/wp-login.php' ), 'the site keeps serving pages' );
		$this->assertSame( 0, self::count_rows( 'booking_links' ) );
		$this->assertSame( 130, self::refused_today( $id ) );
	}

	/**
	 * Status of a plain HTTP GET.
	 *
	 * @param string $url URL.
	 */
	private static function get( string $url ): int {
		$curl = curl_init( $url );
		curl_setopt_array(
			$curl,
			array(
				CURLOPT_RETURNTRANSFER => true,
				CURLOPT_TIMEOUT        => 30,
			)
		);
		curl_exec( $curl );
		$status = (int) curl_getinfo( $curl, CURLINFO_RESPONSE_CODE );
		curl_close( $curl );
		return $status;
	}

	/**
	 * A plain HTTP POST (no WordPress in between).
	 *
	 * @param string   $url     URL.
	 * @param string   $body    Body.
	 * @param string[] $headers Header lines.
	 * @return array{status: int, body: string, headers: string}
	 */
	private static function post( string $url, string $body, array $headers ): array {
		$curl = curl_init( $url );
		curl_setopt_array(
			$curl,
			array(
				CURLOPT_POST           => true,
				CURLOPT_POSTFIELDS     => $body,
				CURLOPT_HTTPHEADER     => $headers,
				CURLOPT_RETURNTRANSFER => true,
				CURLOPT_HEADER         => true,
				CURLOPT_TIMEOUT        => 30,
			)
		);
		$response = (string) curl_exec( $curl );
		$status   = (int) curl_getinfo( $curl, CURLINFO_RESPONSE_CODE );
		$split    = (int) curl_getinfo( $curl, CURLINFO_HEADER_SIZE );
		curl_close( $curl );
		return array(
			'status'  => $status,
			'headers' => substr( $response, 0, $split ),
			'body'    => substr( $response, $split ),
		);
	}
}
