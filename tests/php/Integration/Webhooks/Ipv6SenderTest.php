<?php

namespace SyncWarden\Tests\Integration\Webhooks;

use SyncWarden\Tests\WebhookTestCase;
use SyncWarden\Webhooks\RateLimiter;

/**
 * One IPv6 host normally holds a whole /64: the per-address limits count a /64 as one sender,
 * so walking through its addresses neither escapes the limit nor adds a row per address.
 */
final class Ipv6SenderTest extends WebhookTestCase {

	/** The n-th address of one /64 (what a single host can use). */
	private static function address_in_one_64( int $n ): string {
		return sprintf( '2001:db8:a:b:%x:%x:%x:%x', $n, $n * 7 % 65536, $n * 13 % 65536, $n + 1 );
	}

	private static function options_rows(): int {
		global $wpdb;
		return (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$wpdb->options}" );
	}

	public function test_two_hundred_addresses_of_one_64_hit_the_per_address_limit(): void {
		$options  = self::options_rows();
		$statuses = array();
		for ( $i = 0; $i < 200; $i++ ) {
			$statuses[] = $this->deliver( '/webhooks/google/1', '', array(), self::address_in_one_64( $i ) )->get_status();
		}
		$counts = array_count_values( $statuses );

		$this->assertSame( 120, $counts[401] ?? 0, 'the per-address limit (120 a minute) engaged for the /64' );
		$this->assertSame( 80, $counts[429] ?? 0 );
		$this->assertSame( 401, $this->deliver( '/webhooks/google/1', '', array(), '2001:db8:a:c::1' )->get_status(), 'the next /64 is another sender' );
		$this->assertSame( $options, self::options_rows(), 'no counter in wp_options' );
	}

	public function test_the_mixed_case_route_counts_in_the_same_ipv6_bucket(): void {
		for ( $i = 0; $i < 120; $i++ ) {
			$this->deliver( '/webhooks/google/1', '', array(), self::address_in_one_64( $i ) );
		}

		$this->assertSame( 429, $this->deliver( '/Webhooks/Google/1', '', array(), self::address_in_one_64( 500 ) )->get_status() );
	}

	public function test_the_oauth_callback_is_limited_per_64_too(): void {
		$statuses = array();
		for ( $i = 0; $i < 31; $i++ ) {
			$_SERVER['REMOTE_ADDR'] = self::address_in_one_64( $i );
			wp_set_current_user( 0 );
			$request                = new \WP_REST_Request( 'GET', '/syncwarden/v1/oauth/callback/google' );
			$request->set_query_params(
				array(
					'code'  => 'guessed',
					'state' => 'guessed',
				)
			);
			$statuses[] = rest_do_request( $request )->get_status();
		}

		$this->assertSame( 30, count( array_keys( $statuses, 302, true ) ) );
		$this->assertSame( 429, end( $statuses ) );
	}

	/**
	 * @dataProvider senders
	 */
	public function test_an_address_is_counted_as_its_sender( string $address, string $sender ): void {
		$this->assertSame( $sender, RateLimiter::sender( $address ) );
	}

	public static function senders(): array {
		return array(
			'IPv4 as is'                  => array( '198.51.100.7', '198.51.100.7' ),
			'IPv6 to its /64'             => array( '2001:db8:1:2:aaaa:bbbb:cccc:dddd', '2001:db8:1:2::/64' ),
			'upper case and short forms'  => array( '2001:DB8:1:2::FFFF', '2001:db8:1:2::/64' ),
			'IPv4-mapped IPv6 is IPv4'    => array( '::ffff:198.51.100.7', '198.51.100.7' ),
			'not an address: unchanged'   => array( 'unknown', 'unknown' ),
		);
	}
}
