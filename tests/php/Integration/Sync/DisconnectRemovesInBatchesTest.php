<?php

namespace SyncWarden\Tests\Integration\Sync;

use SyncWarden\Sync\ImportedBookings;
use SyncWarden\Tests\SeededCalendarTestCase;

/**
 * Removing a large calendar's imports on disconnect: every booking goes, in bounded batches (no
 * statement names more than one batch of bookings), past the first batch.
 */
final class DisconnectRemovesInBatchesTest extends SeededCalendarTestCase {

	public function test_removing_more_bookings_than_one_batch_deletes_them_all_batch_by_batch(): void {
		$this->assertGreaterThan( ImportedBookings::BATCH, self::EVENTS, 'the calendar is larger than one batch' );
		$this->rest( 'POST', "/syncwarden/v1/connections/{$this->connection_id}/sync" );
		$this->assert_all_imported_once();
		$deletes = array();
		$watch   = static function ( string $query ) use ( &$deletes ): string {
			if ( preg_match( '/^DELETE FROM \S*syncwarden_bookings\b/i', $query ) ) {
				$deletes[] = substr_count( $query, ',' ) + 1; // Ids in its IN list.
			}
			return $query;
		};
		add_filter( 'query', $watch );
		try {
			$response = $this->rest( 'DELETE', "/syncwarden/v1/connections/{$this->connection_id}", array( 'imported' => 'remove' ) );
		} finally {
			remove_filter( 'query', $watch );
		}

		$this->assertSame( self::EVENTS, $response->get_data()['removed_bookings'] );
		$this->assertSame( 0, $this->imported() );
		$this->assertSame( array(), $this->links() );
		$this->assertSame( array( ImportedBookings::BATCH, self::EVENTS - ImportedBookings::BATCH ), $deletes, 'one statement per batch, none larger' );
	}
}
