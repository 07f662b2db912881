<?php

namespace SyncWarden\Tests\Integration\Webhooks;

use SyncWarden\Tests\TestCase;
use SyncWarden\Webhooks\PublicEndpoint;

/**
 * When providers can deliver: public https:// only; the test override is honoured on `local`
 * sites alone, never on a production one.
 */
final class PublicEndpointTest extends TestCase {

	private ?string $base = null;

	protected function tearDown(): void {
		remove_filter( 'syncwarden_webhook_base_url', array( $this, 'base' ) );
		parent::tearDown();
	}

	/**
	 * Filter callback.
	 *
	 * @param string $base REST base.
	 */
	public function base( string $base ): string {
		return $this->base ?? $base;
	}

	private function check( string $environment, ?string $base ): string {
		$this->hook( $base );
		return ( new PublicEndpoint( $environment ) )->check()['reason'];
	}

	/** Hooks the filter to answer `$base`, or unhooks it. */
	private function hook( ?string $base ): void {
		$this->base = $base;
		if ( null === $base ) {
			remove_filter( 'syncwarden_webhook_base_url', array( $this, 'base' ) );
		} else {
			add_filter( 'syncwarden_webhook_base_url', array( $this, 'base' ) );
		}
	}

	public function test_production_accepts_only_https_on_a_public_host(): void {
		$cases = array(
			'https://bookings.example.com/wp-json/'       => 'ok',
			'https://203.0.113.10/wp-json/'               => 'ok',
			'http://bookings.example.com/wp-json/'        => 'not_https',
			'https://127.0.0.1:8443/wp-json/'             => 'private_host',
			'https://[::1]/wp-json/'                      => 'private_host',
			'https://10.0.0.5/wp-json/'                   => 'private_host',
			'https://192.168.1.20/wp-json/'               => 'private_host',
			'https://169.254.169.254/wp-json/'            => 'private_host',
			'https://localhost/wp-json/'                  => 'private_host',
			'https://shop.local/wp-json/'                 => 'private_host',
			'https://staging.test/wp-json/'               => 'private_host',
			'https://intranet/wp-json/'                   => 'private_host',
			'https://example.com/index.php?rest_route=/'  => 'ok',
		);
		foreach ( $cases as $base => $expected ) {
			$this->assertSame( $expected, $this->check( 'production', $base ), $base );
		}
	}

	public function test_the_override_to_a_local_address_is_honoured_only_on_local_sites(): void {
		$this->assertSame( 'local_override', $this->check( 'local', 'http://127.0.0.1:9/wp-json/' ) );
		$this->assertSame( 'not_https', $this->check( 'production', 'http://127.0.0.1:9/wp-json/' ) );
		$this->assertSame( 'not_https', $this->check( 'staging', 'http://127.0.0.1:9/wp-json/' ) );
		$this->assertSame( 'not_https', $this->check( 'development', 'http://127.0.0.1:9/wp-json/' ) );
		$this->assertSame( 'not_https', $this->check( 'local', 'ftp://127.0.0.1/wp-json/' ) );
	}

	public function test_without_an_override_the_local_site_is_judged_like_any_other(): void {
		$this->assertSame( 'not_https', $this->check( 'local', null ), 'http://127.0.0.1:8888 is not reachable' );
	}

	public function test_an_override_equal_to_the_site_address_still_counts_as_one_on_local_sites(): void {
		$this->assertSame( 'local_override', $this->check( 'local', rest_url() ) );
		$this->assertSame( 'not_https', $this->check( 'production', rest_url() ) );
	}

	public function test_endpoints_hang_below_the_rest_base_with_pretty_and_plain_permalinks(): void {
		$this->hook( 'https://example.com/wp-json' );
		$this->assertSame( 'https://example.com/wp-json/syncwarden/v1/webhooks/calendly/7', ( new PublicEndpoint( 'production' ) )->url( 'calendly', 7 ) );
		$this->hook( 'https://example.com/index.php?rest_route=/' );
		$this->assertSame( 'https://example.com/index.php?rest_route=/syncwarden/v1/webhooks/google/7', ( new PublicEndpoint( 'production' ) )->url( 'google', 7 ) );
	}
}
