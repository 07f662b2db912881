<?php

namespace SyncWarden\Tests\Integration\Webhooks;

use SyncWarden\Storage\Counters;
use SyncWarden\Tests\TestCase;
use SyncWarden\Webhooks\RateLimiter;

/**
 * The sliding window, on the real counters, with a clock the test moves.
 */
final class RateLimiterTest extends TestCase {

	private float $now = 1800000000.0; // The start of a 60-second window.

	private function limiter(): RateLimiter {
		return new RateLimiter( new Counters(), fn(): float => $this->now );
	}

	private function hits( RateLimiter $limiter, int $times, string $bucket = 'b', int $limit = 10 ): array {
		$answers = array();
		for ( $i = 0; $i < $times; $i++ ) {
			$answers[] = $limiter->hit( $bucket, $limit, 60 );
		}
		return $answers;
	}

	public function test_allows_the_limit_then_refuses_with_a_retry_after(): void {
		$answers = $this->hits( $this->limiter(), 12 );

		$this->assertSame( array_fill( 0, 10, true ), array_column( array_slice( $answers, 0, 10 ), 'allowed' ) );
		$this->assertFalse( $answers[10]['allowed'] );
		$this->assertGreaterThanOrEqual( 1, $answers[10]['retry_after'] );
		$this->assertLessThanOrEqual( 120, $answers[11]['retry_after'] );
	}

	public function test_the_previous_window_still_counts_for_the_part_of_it_inside_the_sliding_window(): void {
		$limiter = $this->limiter();
		$this->hits( $limiter, 10 );

		$this->now += 60 + 15; // A quarter into the next window: 75 % of the 10 still count.

		$answers = $this->hits( $limiter, 3 );
		$this->assertSame( array( true, true, false ), array_column( $answers, 'allowed' ) );

		$this->now += $answers[2]['retry_after'];
		$this->assertTrue( $limiter->hit( 'b', 10, 60 )['allowed'], 'Retry-After is enough while the old window fades' );
	}

	public function test_a_sender_that_stops_is_let_in_again_after_its_retry_after(): void {
		$limiter = $this->limiter();
		$refused = $this->hits( $limiter, 11 )[10];

		$this->now += $refused['retry_after'] + 1;

		$this->assertTrue( $limiter->hit( 'b', 10, 60 )['allowed'] );
	}

	public function test_buckets_are_independent_and_an_address_refusal_does_not_count_against_the_connection(): void {
		add_filter( 'syncwarden_webhook_rate_limits', array( self::class, 'tiny_limits' ) );
		$limiter = $this->limiter();

		$this->assertTrue( $limiter->for_ip( '203.0.113.1' )['allowed'] );
		$this->assertTrue( $limiter->for_ip( '203.0.113.1' )['allowed'] );
		$this->assertFalse( $limiter->for_ip( '203.0.113.1' )['allowed'] );
		$this->assertTrue( $limiter->for_ip( '203.0.113.2' )['allowed'], 'another address has its own allowance' );
		$this->assertTrue( $limiter->connection_open( 'calendly|1' )['allowed'] );

		remove_filter( 'syncwarden_webhook_rate_limits', array( self::class, 'tiny_limits' ) );
	}

	public function test_a_connection_budget_is_spent_only_by_counted_deliveries_and_checking_it_counts_nothing(): void {
		add_filter( 'syncwarden_webhook_rate_limits', array( self::class, 'tiny_limits' ) );
		$limiter = $this->limiter();
		$limit   = RateLimiter::limits()['connection']['limit'];

		for ( $i = 0; $i < 10 * $limit; $i++ ) {
			$this->assertTrue( $limiter->connection_open( 'google|1' )['allowed'], 'asking is free' );
		}
		for ( $i = 0; $i < $limit; $i++ ) {
			$limiter->spend_connection( 'google|1' );
		}
		$this->assertFalse( $limiter->connection_open( 'google|1' )['allowed'], 'the verified deliveries used it up' );
		$this->assertGreaterThanOrEqual( 1, $limiter->connection_open( 'google|1' )['retry_after'] );

		remove_filter( 'syncwarden_webhook_rate_limits', array( self::class, 'tiny_limits' ) );
	}

	public function test_limits_are_filterable_and_nonsense_falls_back_to_the_defaults(): void {
		$filter = static fn() => array(
			'ip'         => array(
				'limit'  => 5,
				'window' => 0,
			),
			'connection' => 'nonsense',
		);
		add_filter( 'syncwarden_webhook_rate_limits', $filter );

		$limits = RateLimiter::limits();

		remove_filter( 'syncwarden_webhook_rate_limits', $filter );
		$this->assertSame( 5, $limits['ip']['limit'] );
		$this->assertSame( 60, $limits['ip']['window'] );
		$this->assertSame( RateLimiter::DEFAULT_LIMITS['connection'], $limits['connection'] );
	}

	/**
	 * Filter callback.
	 *
	 * @param array $limits Limits.
	 */
	public static function tiny_limits( array $limits ): array {
		$limits['ip']['limit'] = 2;
		return $limits;
	}
}
