<?php

namespace SyncWarden\Tests\Integration\Providers;

use SyncWarden\Sync\Importer;
use SyncWarden\Tests\WebhookTestCase;

/**
 * The reference push payloads, unchanged, through the real webhook routes: the connection's
 * subscription record is given the ids and secret the fixture carries (as if the provider had
 * answered the subscribe call with them), then the fixture is delivered.
 */
final class ReferencePushFixturesTest extends WebhookTestCase {

	private static function fixture( string $provider, string $name ): array {
		return json_decode( (string) file_get_contents( dirname( __DIR__, 3 ) . "/fixtures/providers/$provider/$name.json" ), true, 64, JSON_THROW_ON_ERROR );
	}

	/**
	 * A connection whose live subscription has these fields and this secret.
	 *
	 * @param string $provider Provider id.
	 * @param array  $fields   Subscription fields.
	 * @param string $secret   Secret field name.
	 * @param string $value    Its value.
	 */
	private function subscribed( string $provider, array $fields, string $secret, string $value ): int {
		$id = $this->connect( $provider, array( 'import' ) )['id'];
		self::store()->replace( $id, $fields + array( 'provider' => $provider, 'state' => 'active' ) );
		self::store()->set_secret( $id, $secret, $value );
		wp_clear_scheduled_hook( Importer::SOON_HOOK, array( $id ) );
		return $id;
	}

	public function test_googles_documented_push_headers_are_verified_and_ask_for_a_sync(): void {
		$headers = self::fixture( 'google', 'push-notification-headers' );
		$id      = $this->subscribed(
			'google',
			array(
				'remote_id'   => $headers['X-Goog-Channel-ID'],
				'resource_id' => $headers['X-Goog-Resource-ID'],
			),
			'channel_token',
			$headers['X-Goog-Channel-Token']
		);

		$response = $this->deliver( "/webhooks/google/$id", '', $headers );

		$this->assertSame( 200, $response->get_status(), wp_json_encode( $response->get_data() ) );
		$this->assertSame( 'sync_requested', $response->get_data()['code'] );
		$this->assertNotFalse( wp_next_scheduled( Importer::SOON_HOOK, array( $id ) ) );
	}

	public function test_graphs_documented_change_notification_is_verified_and_accepted_with_202(): void {
		$notification = self::fixture( 'microsoft', 'change-notification' );
		$id           = $this->subscribed( 'microsoft', array( 'remote_id' => $notification['value'][0]['subscriptionId'] ), 'client_state', $notification['value'][0]['clientState'] );

		$response = $this->deliver( "/webhooks/microsoft/$id", (string) wp_json_encode( $notification ), array( 'content-type' => 'application/json' ) );

		$this->assertSame( 202, $response->get_status(), wp_json_encode( $response->get_data() ) );
		$this->assertNotFalse( wp_next_scheduled( Importer::SOON_HOOK, array( $id ) ) );
	}
}
