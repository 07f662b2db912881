<?php

namespace SyncWarden\Tests\Integration\Webhooks;

use SyncWarden\Tests\Harness\CanaryScanner;
use SyncWarden\Tests\Peer;
use SyncWarden\Tests\WebhookTestCase;
use SyncWarden\Webhooks\PushSubscriptions;

/**
 * The subscription life cycle behind the Connections tab: status and Resubscribe over REST,
 * polling when the site cannot be reached, Calendly's daily check, leftovers of a reconnect,
 * and no secret in any answer or stored in plaintext.
 */
final class PushSubscriptionsTest extends WebhookTestCase {

	private function status( int $id ): array {
		$response = $this->rest( 'GET', "/syncwarden/v1/connections/$id/push" );
		$this->assertSame( 200, $response->get_status(), wp_json_encode( $response->get_data() ) );
		return $response->get_data();
	}

	public function test_a_site_not_reachable_over_https_stays_on_polling_and_says_why(): void {
		$id = $this->connect( 'calendly' )['id']; // The test site is http://127.0.0.1:8888.

		$status = $this->status( $id );

		$this->assertSame( 'polling', $status['state'] );
		$this->assertFalse( $status['reachable'] );
		$this->assertSame( 'not_https', $status['reachability'] );
		$this->assertStringContainsString( 'polling', $status['reachability_message'] );
		$this->assertSame( array(), self::peer_push()['calendly'] );
		$this->assertArrayNotHasKey( 'POST /api/calendly/webhook_subscriptions', Peer::stats()['apiRoutes'] );
	}

	public function test_the_status_route_describes_the_subscription_without_any_secret(): void {
		$id  = $this->connect_with_push( 'calendly' )['id'];
		$key = Peer::CALENDLY_APP_SIGNING_KEY;

		$response = $this->rest( 'GET', "/syncwarden/v1/connections/$id/push" );
		$status   = $response->get_data();

		$this->assertSame( 'active', $status['state'] );
		$this->assertTrue( $status['supported'] );
		$this->assertSame( 'local_override', $status['reachability'] );
		$this->assertSame( self::QUIET_BASE . "syncwarden/v1/webhooks/calendly/$id", $status['endpoint_url'] );
		$this->assertEqualsWithDelta( time(), $status['subscribed_at'], 5 );
		$this->assertNull( $status['expires_at'], 'Calendly subscriptions do not expire' );
		$this->assertSame( 0, $status['refused_today'] );
		$scanner = ( new CanaryScanner( array( $key ) ) )->scan_rest_response( 'push status', $response )->scan_rest_response( 'connections', $this->rest( 'GET', '/syncwarden/v1/connections' ) );
		$this->assertSame( array(), $scanner->findings() );
	}

	public function test_resubscribe_replaces_the_subscription_at_calendly(): void {
		$id  = $this->connect_with_push( 'calendly' )['id'];
		$old = self::peer_push()['calendly'][0];

		$response = $this->rest( 'POST', "/syncwarden/v1/connections/$id/push/resubscribe" );

		$this->assertSame( 200, $response->get_status() );
		$this->assertSame( 'active', $response->get_data()['state'] );
		$now = self::peer_push()['calendly'];
		$this->assertCount( 1, $now, 'the old subscription was deleted at Calendly' );
		$this->assertNotSame( $old['uri'], $now[0]['uri'] );
		$this->assertSame( $now[0]['uri'], self::store()->find( $id )['remote_id'] );
		$this->assertFalse( $now[0]['signing_key_sent'] );
		$this->assertContains( 'push.subscribed', array_column( $this->rest( 'GET', '/syncwarden/v1/audit' )->get_data(), 'event' ) );
	}

	public function test_a_subscription_calendly_already_has_for_the_endpoint_is_replaced_not_duplicated(): void {
		$id = $this->connect_with_push( 'calendly' )['id'];
		self::store()->delete( $id ); // The record here was lost; Calendly still has the subscription.

		$status = $this->rest( 'POST', "/syncwarden/v1/connections/$id/push/resubscribe" )->get_data();

		$this->assertSame( 'active', $status['state'] );
		$subscriptions = self::peer_push()['calendly'];
		$this->assertCount( 1, $subscriptions );
		$this->assertSame( $subscriptions[0]['uri'], self::store()->find( $id )['remote_id'] );
	}

	public function test_a_failed_subscription_is_shown_audited_and_never_breaks_connecting(): void {
		Peer::fail_next( '/api/calendly/webhook_subscriptions', array( 'status' => 403, 'body' => '{"title":"Permission Denied","message":"You do not have permission"}', 'headers' => array( 'Content-Type' => 'application/json' ) ) );

		$connection = $this->connect_with_push( 'calendly' );

		$this->assertSame( 'connected', $connection['status'] );
		$status = $this->status( $connection['id'] );
		$this->assertSame( 'failed', $status['state'] );
		$this->assertStringContainsString( 'HTTP 403', $status['last_error'] );
		$this->assertContains( 'push.subscribe_failed', array_column( $this->rest( 'GET', '/syncwarden/v1/audit' )->get_data(), 'event' ) );
	}

	public function test_calendly_is_checked_daily_and_a_disabled_subscription_is_replaced(): void {
		$id = $this->connect_with_push( 'calendly' )['id'];
		Peer::control(
			'POST',
			'/push',
			array(
				'action'   => 'disable',
				'provider' => 'calendly',
			)
		);
		self::store()->update( $id, array( 'checked_at' => time() - DAY_IN_SECONDS - 1 ) );

		do_action( PushSubscriptions::RENEW_HOOK );

		$subscriptions = self::peer_push()['calendly'];
		$this->assertCount( 1, $subscriptions );
		$this->assertSame( 'active', $subscriptions[0]['state'] );
		$this->assertSame( $subscriptions[0]['uri'], self::store()->find( $id )['remote_id'] );
	}

	public function test_a_daily_check_of_a_healthy_subscription_is_one_read(): void {
		$id = $this->connect_with_push( 'calendly' )['id'];
		self::store()->update( $id, array( 'checked_at' => time() - DAY_IN_SECONDS - 1 ) );
		$uuid = basename( self::peer_push()['calendly'][0]['uri'] );

		do_action( PushSubscriptions::RENEW_HOOK );
		do_action( PushSubscriptions::RENEW_HOOK ); // Not due again for a day.

		$this->assertSame( 1, Peer::stats()['apiRoutes'][ "GET /api/calendly/webhook_subscriptions/$uuid" ] ?? 0 );
		$this->assertEqualsWithDelta( time(), self::store()->find( $id )['checked_at'], 5 );
	}

	public function test_the_renewal_run_subscribes_a_connection_once_its_site_becomes_reachable(): void {
		$id = $this->connect( 'google' )['id'];
		$this->assertSame( 'polling', $this->status( $id )['state'] );
		$this->use_public_base( self::QUIET_BASE ); // The site now answers over a reachable address.

		do_action( PushSubscriptions::RENEW_HOOK );

		$this->assertSame( 'active', $this->status( $id )['state'] );
		$this->assertCount( 1, self::peer_push()['google'] );
	}

	public function test_reconnecting_the_same_account_keeps_one_subscription_for_its_connection(): void {
		$old = $this->connect_with_push( 'calendly' )['id'];
		$this->assertCount( 1, self::peer_push()['calendly'] );

		$new = $this->connect_with_push( 'calendly' )['id']; // The same account keeps its connection.

		$this->assertSame( $old, $new );
		$subscriptions = self::peer_push()['calendly'];
		$this->assertCount( 1, $subscriptions, 'no second subscription for the same endpoint' );
		$this->assertStringEndsWith( "/webhooks/calendly/$new", $subscriptions[0]['callback_url'] );
		$this->assertSame( 'active', $this->status( $new )['state'] );
		$this->assertSame( array(), self::store()->retired() );
	}

	public function test_deliveries_to_a_removed_connection_whose_subscription_could_not_be_deleted_get_410(): void {
		$id = $this->connect_with_push( 'calendly' )['id'];
		Peer::fail_next( '/api/calendly/webhook_subscriptions/' . basename( self::peer_push()['calendly'][0]['uri'] ), array( 'status' => 403 ) );

		$this->rest( 'DELETE', "/syncwarden/v1/connections/$id" );
		$response = $this->deliver( "/webhooks/calendly/$id", '{}', array( 'content-type' => 'application/json' ) );

		$this->assertSame( 410, $response->get_status() );
		$this->assertSame( array(), $this->security_events(), 'a leftover is not a forgery' );
		$this->assertSame( 'calendly', self::store()->retired()[ $id ]['provider'] );
	}

	public function test_providers_without_push_are_unsupported_and_cannot_be_resubscribed(): void {
		$this->use_public_base( self::QUIET_BASE );
		$id = $this->connect( 'hubspot', array( 'export' ) )['id'];

		$this->assertSame( 'unsupported', $this->status( $id )['state'] );
		$this->assertSame( '', $this->status( $id )['endpoint_url'] );
		$this->assertSame( 409, $this->rest( 'POST', "/syncwarden/v1/connections/$id/push/resubscribe" )->get_status() );
	}

	public function test_site_health_says_fresh_then_recommends_resubscribing_a_failed_subscription(): void {
		$id = $this->connect_with_push( 'calendly' )['id'];
		$this->assertSame( 'good', $this->site_health()['status'] );

		self::store()->update( $id, array( 'state' => 'failed' ) );

		$health = $this->site_health();
		$this->assertSame( 'recommended', $health['status'] );
		$this->assertStringContainsString( 'calendly', $health['description'] );
		$this->assertStringContainsString( 'Resubscribe', $health['description'] );
	}

	public function test_a_subscription_close_to_expiry_is_flagged_for_site_health(): void {
		$id = $this->connect_with_push( 'google' )['id'];

		self::store()->update( $id, array( 'expires_at' => time() + HOUR_IN_SECONDS ) );

		$this->assertSame( 'recommended', $this->site_health()['status'] );
	}

	private function site_health(): array {
		$tests = apply_filters( 'site_status_tests', array( 'direct' => array(), 'async' => array() ) );
		return call_user_func( $tests['direct']['syncwarden_push']['test'] );
	}

	public function test_a_record_naming_a_provider_without_a_strategy_is_skipped_not_a_fatal_error(): void {
		$id = $this->connect_with_push( 'calendly' )['id'];
		self::store()->update(
			$id,
			array(
				'provider'   => 'bogus', // A tampered or downgraded record.
				'checked_at' => 0,
				'expires_at' => time(),
			)
		);

		do_action( PushSubscriptions::RENEW_HOOK );
		$this->rest( 'DELETE', "/syncwarden/v1/connections/$id" );

		$this->assertSame( array(), $this->connections() );
	}

	public function test_uninstall_removes_subscriptions_counters_incidents_dismissals_and_the_renewal_event(): void {
		$id = $this->connect_with_push( 'calendly' )['id'];
		for ( $i = 0; $i < 25; $i++ ) {
			$this->deliver( "/webhooks/calendly/$id", '{}', array( 'calendly-webhook-signature' => 't=' . time() . ',v1=' . str_repeat( '1', 64 ) ) );
		}
		update_user_meta( $this->admin_id, \SyncWarden\Admin\ForgedWebhookNotice::DISMISSED_META, array( $id => time() ) );
		update_option( \SyncWarden\Webhooks\SecurityEvents::THRESHOLD_OPTION, 30 );
		$this->assertNotFalse( wp_next_scheduled( PushSubscriptions::RENEW_HOOK ) );
		global $wpdb;
		$counters = $wpdb->prefix . 'syncwarden_counters';
		$ours     = static fn() => (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$wpdb->options} WHERE option_name LIKE 'syncwarden\_push%' OR option_name LIKE 'syncwarden\_forged%'" )
			+ ( $counters === $wpdb->get_var( $wpdb->prepare( 'SHOW TABLES LIKE %s', $counters ) ) ? (int) $wpdb->get_var( "SELECT COUNT(*) FROM $counters" ) : 0 );
		$this->assertGreaterThan( 5, $ours() );

		\SyncWarden\Uninstaller::run();
		$found = $ours();
		$meta  = get_user_meta( $this->admin_id, \SyncWarden\Admin\ForgedWebhookNotice::DISMISSED_META, true );
		$cron  = wp_next_scheduled( PushSubscriptions::RENEW_HOOK );
		\SyncWarden\Storage\Schema::migrate(); // Put the tables back for the following tests.

		$this->assertSame( 0, $found );
		$this->assertSame( '', $meta );
		$this->assertFalse( $cron );
	}

	public function test_key_maintenance_counts_and_reencrypts_push_secrets_in_place(): void {
		$id    = $this->connect_with_push( 'google' )['id'];
		$key   = self::store()->secret( $id, 'channel_token' );
		$store = self::store();

		$secrets = iterator_to_array( $store->stored_secrets(), false );
		$ours    = array_values( array_filter( $secrets, static fn( $s ) => "push:$id:channel_token" === $s['context'] ) );
		$this->assertCount( 1, $ours );
		$vault = new \SyncWarden\Storage\Vault( \SyncWarden\Storage\KeyRing::from_wp_config() );
		$store->replace_secret( $ours[0]['ref'], $vault->reencrypt( $ours[0]['envelope'], $ours[0]['context'] ), $ours[0]['envelope'] );

		$this->assertNotSame( $ours[0]['envelope'], get_option( "syncwarden_push_$id" )['secrets']['channel_token'], 'a new envelope' );
		$this->assertSame( $key, self::store()->secret( $id, 'channel_token' ), 'for the same token' );
	}

	public function test_a_copied_envelope_does_not_open_under_another_connection(): void {
		$first  = $this->connect_with_push( 'google' )['id'];
		$second = $this->connect_with_push( 'calendly' )['id'];
		$record = get_option( "syncwarden_push_$second" );
		$record['secrets']['channel_token'] = get_option( "syncwarden_push_$first" )['secrets']['channel_token'];
		update_option( "syncwarden_push_$second", $record, false );

		$this->expectException( \SyncWarden\Storage\VaultException::class );
		self::store()->secret( $second, 'channel_token' );
	}

	public function test_unknown_connections_answer_404(): void {
		$this->assertSame( 404, $this->rest( 'GET', '/syncwarden/v1/connections/987654/push' )->get_status() );
		$this->assertSame( 404, $this->rest( 'POST', '/syncwarden/v1/connections/987654/push/resubscribe' )->get_status() );
	}

	public function test_push_secrets_never_appear_in_plaintext_in_the_database_log_pages_or_responses(): void {
		$calendly = $this->connect_with_push( 'calendly' )['id'];
		$google   = $this->connect_with_push( 'google' )['id'];
		$peer     = self::peer_push();
		$secrets  = array( Peer::CALENDLY_APP_SIGNING_KEY, $peer['google'][0]['token'] );
		// Failures and refusals write logs and audit entries too.
		$this->deliver( "/webhooks/calendly/$calendly", '{"a":1}', array( 'calendly-webhook-signature' => 't=' . time() . ',v1=' . hash_hmac( 'sha256', 'x', 'y' ) ) );
		$this->deliver( "/webhooks/google/$google", '', array( 'x-goog-channel-id' => $peer['google'][0]['id'], 'x-goog-channel-token' => 'wrong' ) );
		Peer::fail_next( '/api/calendly/users/me', array( 'status' => 500 ) );
		$this->rest( 'POST', "/syncwarden/v1/connections/$calendly/push/resubscribe" );
		ob_start();
		do_action( 'admin_notices' );
		$html = (string) ob_get_clean();

		$scanner = ( new CanaryScanner( $secrets ) )
			->scan_database()
			->scan_file( WP_DEBUG_LOG )
			->scan_text( 'admin notices', $html )
			->scan_readable_routes( array( 'id' => (string) $calendly ) )
			->scan_readable_routes( array( 'id' => (string) $google ) );

		$this->assertSame( array(), $scanner->findings() );
	}
}
