<?php

namespace SyncWarden\Tests\Integration\Storage;

use SyncWarden\Storage\OutboxRepository;
use SyncWarden\Storage\Schema;
use SyncWarden\Tests\TestCase;

/**
 * Two saves of one booking at the same moment (a booking plugin firing two hooks in two requests,
 * an admin and a webhook) both find no pending job and both insert: one pending job must remain
 * (issue 12 item 11). The interleaving is made exact: the other process's INSERT is run right
 * after this one's SELECT, as a second database connection would.
 */
final class OutboxEnqueueRaceTest extends TestCase {

	private static function pending( int $booking_id, int $connection_id ): array {
		global $wpdb;
		return $wpdb->get_results( $wpdb->prepare( 'SELECT id, operation FROM ' . Schema::table( 'outbox' ) . ' WHERE booking_id = %d AND connection_id = %d AND status = %s', $booking_id, $connection_id, OutboxRepository::PENDING ), ARRAY_A );
	}

	/**
	 * Runs $other once, just before the enqueue's own INSERT reaches the database: its look for a
	 * pending job has already found nothing, as the other process's had.
	 *
	 * @return callable The filter, to remove.
	 */
	private static function before_the_insert( callable $other ): callable {
		$fired  = false;
		$filter = static function ( string $sql ) use ( &$fired, $other ): string {
			if ( ! $fired && str_starts_with( $sql, 'INSERT INTO `' . Schema::table( 'outbox' ) . '`' ) ) {
				$fired = true;
				$other();
			}
			return $sql;
		};
		add_filter( 'query', $filter );
		return $filter;
	}

	public function test_two_enqueues_that_both_miss_the_pending_job_leave_one(): void {
		global $wpdb;
		$repository = new OutboxRepository();
		$filter     = self::before_the_insert(
			static function () use ( $wpdb ): void {
				// The other process: its own check found nothing either, so it inserts.
				$wpdb->insert(
					Schema::table( 'outbox' ),
					array(
						'booking_id'      => 7,
						'connection_id'   => 3,
						'operation'       => 'upsert',
						'status'          => OutboxRepository::PENDING,
						'next_attempt_at' => time(),
						'created_at'      => time(),
						'updated_at'      => time(),
					)
				);
			}
		);

		$repository->enqueue( 7, 3, 'cancel' );
		remove_filter( 'query', $filter );

		$jobs = self::pending( 7, 3 );
		$this->assertCount( 1, $jobs, 'one pending job for the booking and connection' );
		$this->assertSame( 'cancel', $jobs[0]['operation'], 'the later save’s state' );
	}

	public function test_an_enqueue_folds_into_the_pending_job_and_other_pairs_are_left_alone(): void {
		$repository = new OutboxRepository();
		$repository->enqueue( 7, 3, 'upsert' );
		$repository->enqueue( 7, 4, 'upsert' );
		$repository->enqueue( 8, 3, 'upsert' );
		$repository->enqueue( 7, 3, 'cancel' );

		$this->assertSame( array( 'cancel' ), array_column( self::pending( 7, 3 ), 'operation' ) );
		$this->assertCount( 1, self::pending( 7, 4 ) );
		$this->assertCount( 1, self::pending( 8, 3 ) );
	}

	public function test_a_new_bookings_enqueue_skips_the_look_up_and_still_leaves_one_job_when_another_save_raced_it(): void {
		global $wpdb;
		$repository = new OutboxRepository();
		// Another request saved the just-created booking 9 first (its id was already readable).
		$repository->enqueue( 9, 3, 'cancel' );
		$before = $wpdb->num_queries;

		$repository->enqueue( 9, 3, 'upsert', true );

		$this->assertSame( 2, $wpdb->num_queries - $before, 'insert and clean-up only: no look-up for a job' );
		$this->assertSame( array( 'upsert' ), array_column( self::pending( 9, 3 ), 'operation' ) );
	}
}
