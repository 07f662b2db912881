<?php

namespace SyncWarden\Tests\Integration\Webhooks;

use SyncWarden\Tests\WebhookTestCase;

/**
 * A connection's rate-limit budget belongs to the provider's verified deliveries: a flood of
 * forgeries from several addresses is stopped by the per-address limit and leaves the genuine
 * notifications through, while verified deliveries are still bounded per connection.
 */
final class ForgedFloodTest extends WebhookTestCase {

	private int $id;

	private array $channel;

	protected function setUp(): void {
		parent::setUp();
		$this->id      = $this->connect_with_push( 'google' )['id'];
		$this->channel = self::peer_push()['google'][0];
		add_filter(
			'syncwarden_webhook_rate_limits',
			static fn() => array(
				'ip'         => array( 'limit' => 20, 'window' => 60 ),
				'connection' => array( 'limit' => 30, 'window' => 60 ),
			)
		);
	}

	private function notify( string $token, string $ip ): int {
		$headers = array(
			'x-goog-channel-id'     => $this->channel['id'],
			'x-goog-channel-token'  => $token,
			'x-goog-resource-id'    => $this->channel['resourceId'],
			'x-goog-resource-state' => 'exists',
			'x-goog-message-number' => (string) wp_rand( 1000, 999999 ),
		);
		return $this->deliver( "/webhooks/google/{$this->id}", '', $headers, $ip )->get_status();
	}

	public function test_forgeries_from_five_addresses_do_not_starve_the_genuine_notifications(): void {
		$forged = array();
		foreach ( array( '198.51.100.1', '198.51.100.2', '198.51.100.3', '198.51.100.4', '198.51.100.5' ) as $ip ) {
			for ( $i = 0; $i < 40; $i++ ) {
				$forged[] = $this->notify( 'forged-token', $ip );
			}
		}

		$this->assertSame( array( 401 => 100, 429 => 100 ), array_count_values( $forged ), 'each address: 20 refused as forged, then rate-limited' );
		$this->assertSame( 200, $this->notify( $this->channel['token'], '203.0.113.200' ), 'the provider still gets through' );
	}

	public function test_verified_deliveries_are_still_bounded_per_connection(): void {
		$statuses = array();
		for ( $i = 0; $i < 31; $i++ ) {
			// Spread over addresses, as a provider's delivery fleet is.
			$statuses[] = $this->notify( $this->channel['token'], '203.0.113.' . ( 100 + $i % 3 ) );
		}

		$this->assertSame( array_fill( 0, 30, 200 ), array_slice( $statuses, 0, 30 ) );
		$this->assertSame( 429, $statuses[30] );
	}
}
