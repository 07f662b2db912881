<?php

namespace SyncWarden\Tests\Integration\Webhooks;

use SyncWarden\Sync\Importer;
use SyncWarden\Tests\Peer;
use SyncWarden\Tests\WebhookTestCase;
use SyncWarden\Webhooks\PushSubscriptions;
use SyncWarden\Webhooks\SecurityEvents;

/**
 * Google Calendar push: a channel opened for real at the peer; notifications checked against
 * its id, secret token and resource id, and only ever scheduling a sync soon.
 */
final class GooglePushTest extends WebhookTestCase {

	private int $id;

	private array $channel;

	protected function setUp(): void {
		parent::setUp();
		$this->id      = $this->connect_with_push( 'google' )['id'];
		$this->channel = self::peer_push()['google'][0];
		wp_clear_scheduled_hook( Importer::SOON_HOOK, array( $this->id ) );
	}

	/** Headers of a notification as Google sends it for the channel. */
	private function headers( array $overrides = array() ): array {
		return array_filter(
			$overrides + array(
				'x-goog-channel-id'      => $this->channel['id'],
				'x-goog-channel-token'   => $this->channel['token'],
				'x-goog-resource-id'     => $this->channel['resourceId'],
				'x-goog-resource-state'  => 'exists',
				'x-goog-message-number'  => (string) wp_rand( 1000, 999999 ),
				'x-goog-resource-uri'    => $this->channel['resourceUri'],
			),
			static fn( $value ) => null !== $value
		);
	}

	private function notify( array $headers ): \WP_REST_Response {
		return $this->deliver( "/webhooks/google/{$this->id}", '', $headers );
	}

	private function sync_scheduled(): bool {
		return false !== wp_next_scheduled( Importer::SOON_HOOK, array( $this->id ) );
	}

	public function test_connecting_opens_a_channel_to_the_endpoint_with_a_random_token_stored_encrypted(): void {
		$record = self::store()->find( $this->id );

		$this->assertSame( $this->endpoint_url( $this->id ), $this->channel['address'] );
		$this->assertMatchesRegularExpression( '/^syncwarden-[0-9a-f]{32}$/', $this->channel['id'] );
		$this->assertGreaterThanOrEqual( 43, strlen( $this->channel['token'] ) );
		$this->assertSame( 'active', $record['state'] );
		$this->assertSame( $this->channel['id'], $record['remote_id'] );
		$this->assertSame( $this->channel['resourceId'], $record['resource_id'] );
		$this->assertEqualsWithDelta( (int) ( $this->channel['expiration'] / 1000 ), $record['expires_at'], 1 );
		$this->assertSame( $this->channel['token'], self::store()->secret( $this->id, 'channel_token' ) );
		$this->assertSame( array( 'channel_token' ), $record['secrets'] );
	}

	public function test_the_channel_watches_only_the_event_types_the_import_lists(): void {
		$this->assertSame( array( 'default' ), $this->channel['eventTypes'] );
	}

	public function test_a_notification_with_the_right_token_only_schedules_an_incremental_sync_soon(): void {
		$api_calls = Peer::stats()['api'];

		$response = $this->notify( $this->headers() );

		$this->assertSame( 200, $response->get_status(), wp_json_encode( $response->get_data() ) );
		$this->assertSame( 'sync_requested', $response->get_data()['code'] );
		$this->assertTrue( $this->sync_scheduled() );
		$this->assertSame( 0, self::count_rows( 'bookings' ), 'nothing is imported from the notification itself' );
		$this->assertSame( $api_calls, Peer::stats()['api'], 'and nothing is fetched while answering' );
	}

	public function test_a_wrong_channel_token_is_refused_and_schedules_nothing(): void {
		$response = $this->notify( $this->headers( array( 'x-goog-channel-token' => 'guessed-' . str_repeat( 'x', 40 ) ) ) );

		$this->assertSame( 401, $response->get_status() );
		$this->assertFalse( $this->sync_scheduled() );
		$this->assertSame( array( SecurityEvents::WRONG_TOKEN ), $this->security_kinds() );
		$this->assertSame( $this->id, $this->security_events()[0]['connection_id'] );
		$this->assertStringNotContainsString( 'guessed-', wp_json_encode( $this->security_events() ), 'the forged value is not logged' );
	}

	public function test_a_missing_token_an_unknown_channel_or_another_resource_is_refused(): void {
		$cases = array(
			'no token'       => array( 'x-goog-channel-token' => null ),
			'other channel'  => array( 'x-goog-channel-id' => 'syncwarden-' . str_repeat( '0', 32 ) ),
			'no channel'     => array( 'x-goog-channel-id' => null ),
			'other resource' => array( 'x-goog-resource-id' => 'peer-resource-000000000000' ),
		);
		foreach ( $cases as $case => $override ) {
			$this->assertSame( 401, $this->notify( $this->headers( $override ) )->get_status(), $case );
		}

		$this->assertFalse( $this->sync_scheduled() );
		$this->assertSame( count( $cases ), self::refused_today( $this->id ) );
	}

	public function test_the_sync_message_of_a_new_channel_is_acknowledged_without_a_sync(): void {
		$response = $this->notify( $this->headers( array( 'x-goog-resource-state' => 'sync' ) ) );

		$this->assertSame( 200, $response->get_status() );
		$this->assertFalse( $this->sync_scheduled() );
	}

	public function test_an_unknown_resource_state_is_refused_as_invalid(): void {
		$this->assertSame( 400, $this->notify( $this->headers( array( 'x-goog-resource-state' => 'exploded' ) ) )->get_status() );
		$this->assertFalse( $this->sync_scheduled() );
	}

	public function test_a_repeated_message_number_is_answered_without_a_second_request(): void {
		$headers = $this->headers();
		$this->assertSame( 200, $this->notify( $headers )->get_status() );
		wp_clear_scheduled_hook( Importer::SOON_HOOK, array( $this->id ) );

		$again = $this->notify( $headers );

		$this->assertSame( 200, $again->get_status() );
		$this->assertSame( 'duplicate', $again->get_data()['code'] );
		$this->assertFalse( $this->sync_scheduled() );
	}

	public function test_renewal_opens_a_new_channel_then_stops_the_old_one(): void {
		self::store()->update( $this->id, array( 'expires_at' => time() + 3600 ) );

		do_action( PushSubscriptions::RENEW_HOOK );

		$channels = self::peer_push()['google'];
		$this->assertCount( 1, $channels, 'the old channel was stopped at Google' );
		$this->assertNotSame( $this->channel['id'], $channels[0]['id'] );
		$this->assertNotSame( $this->channel['token'], $channels[0]['token'], 'a new secret' );
		$record = self::store()->find( $this->id );
		$this->assertSame( $channels[0]['id'], $record['remote_id'] );
		$this->assertGreaterThan( time() + 6 * DAY_IN_SECONDS, $record['expires_at'] );
		$this->assertArrayNotHasKey( 'previous_remote_id', $record );
		$this->assertSame( array( 'channel_token' ), $record['secrets'] );
		$this->assertSame( 401, $this->notify( $this->headers() )->get_status(), 'the stopped channel is no longer accepted' );
		$this->channel = $channels[0];
		$this->assertSame( 200, $this->notify( $this->headers() )->get_status() );
	}

	public function test_a_failed_renewal_keeps_the_working_channel_and_is_shown(): void {
		self::store()->update( $this->id, array( 'expires_at' => time() + 3600 ) );
		Peer::fail_next( '/api/google/calendar/v3/calendars/primary/events/watch', array( 'status' => 403, 'body' => '{"error":{"code":403,"message":"forbidden"}}', 'headers' => array( 'Content-Type' => 'application/json' ) ) );

		do_action( PushSubscriptions::RENEW_HOOK );

		$status = $this->rest( 'GET', "/syncwarden/v1/connections/{$this->id}/push" )->get_data();
		$this->assertSame( 1, $status['renew_failures'] );
		$this->assertStringContainsString( 'HTTP 403', $status['last_error'] );
		$this->assertSame( $this->channel['id'], self::store()->find( $this->id )['remote_id'] );
		$this->assertSame( 200, $this->notify( $this->headers() )->get_status(), 'the old channel still works' );
		$tests  = apply_filters( 'site_status_tests', array( 'direct' => array(), 'async' => array() ) );
		$health = call_user_func( $tests['direct']['syncwarden_push']['test'] );
		$this->assertSame( 'recommended', $health['status'] );
		$this->assertStringContainsString( 'Resubscribe', $health['description'] );
	}

	public function test_disconnecting_stops_the_channel_at_google(): void {
		$this->assertSame( 200, $this->rest( 'DELETE', "/syncwarden/v1/connections/{$this->id}" )->get_status() );

		$this->assertSame( array(), self::peer_push()['google'] );
		$this->assertSame( 1, Peer::stats()['apiRoutes']['POST /api/google/calendar/v3/channels/stop'] ?? 0 );
		$this->assertFalse( get_option( 'syncwarden_push_' . $this->id ) );
	}
}
