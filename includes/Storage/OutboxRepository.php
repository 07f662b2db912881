<?php
/**
 * Outbound jobs: one per booking and target connection.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Storage;

defined( 'ABSPATH' ) || exit;

/**
 * A new change to a booking folds into its one pending job, so a
 * provider that is down for a day receives one up-to-date call per booking when it is back.
 */
final class OutboxRepository {

	public const PENDING = 'pending';
	public const DONE    = 'done';
	public const PARKED  = 'parked';
	public const RUNNING = 'running'; // Leased by a runner until next_attempt_at; due again after.

	/**
	 * Queues (or refreshes) the job for a booking and connection.
	 *
	 * @param int    $booking_id    Booking id.
	 * @param int    $connection_id Connection id.
	 * @param string $operation     upsert or cancel.
	 * @param bool   $new_booking   The booking was stored just now: no job can be waiting for it,
	 *                              so the look-up is skipped (a booking plugin's hook runs inside
	 *                              its visitor's request). The clean-up below still runs.
	 */
	public function enqueue( int $booking_id, int $connection_id, string $operation, bool $new_booking = false ): void {
		global $wpdb;
		$table   = Schema::table( 'outbox' );
		$pending = $new_booking ? null : $wpdb->get_row( $wpdb->prepare( "SELECT id, operation FROM %i WHERE booking_id = %d AND connection_id = %d AND status = %s", $table, $booking_id, $connection_id, self::PENDING ), ARRAY_A );
		if ( is_array( $pending ) ) {
			$wpdb->update(
				$table,
				array(
					'operation'       => $operation, // The booking's latest state wins (a cancel can be undone).
					'next_attempt_at' => time(),
					'updated_at'      => time(),
				),
				array( 'id' => (int) $pending['id'] )
			);
			return;
		}
		$wpdb->insert(
			$table,
			array(
				'booking_id'      => $booking_id,
				'connection_id'   => $connection_id,
				'operation'       => $operation,
				'status'          => self::PENDING,
				'next_attempt_at' => time(),
				'created_at'      => time(),
				'updated_at'      => time(),
			)
		);
		// Another process may have inserted between the SELECT above and this INSERT (two saves of
		// one booking at once). Each statement commits on its own, so whichever insert came last
		// sees the other and removes it: one pending job per booking and connection remains, the
		// newest, and the outbox reads the booking's current state when it sends anyway.
		$mine = (int) $wpdb->insert_id;
		if ( $mine > 0 ) {
			$wpdb->query( $wpdb->prepare( 'DELETE FROM %i WHERE booking_id = %d AND connection_id = %d AND status = %s AND id < %d', $table, $booking_id, $connection_id, self::PENDING, $mine ) );
		}
	}

	/**
	 * Jobs whose time has come, oldest first.
	 *
	 * @param int $limit Maximum.
	 * @return array<int, array>
	 */
	public function due( int $limit ): array {
		global $wpdb;
		// A running job whose lease ran out belongs to a runner that died: due again.
		$rows = $wpdb->get_results( $wpdb->prepare( 'SELECT * FROM %i WHERE status IN (%s, %s) AND next_attempt_at <= %d ORDER BY next_attempt_at, id LIMIT %d', Schema::table( 'outbox' ), self::PENDING, self::RUNNING, time(), $limit ), ARRAY_A );
		return array_map( array( self::class, 'typed' ), (array) $rows );
	}

	/**
	 * When the next job falls due: the earliest attempt time of a pending job, or the lease end of
	 * a running one (its runner may die); null when nothing is queued.
	 */
	public function next_due_at(): ?int {
		global $wpdb;
		$next = $wpdb->get_var( $wpdb->prepare( 'SELECT MIN(next_attempt_at) FROM %i WHERE status IN (%s, %s)', Schema::table( 'outbox' ), self::PENDING, self::RUNNING ) );
		return null === $next ? null : (int) $next;
	}

	/**
	 * Leases a due job to this runner until `$until`, unless another runner leased it (or another
	 * job of the same booking and connection) first: then a second runner cannot repeat a create
	 * the first one has in flight.
	 *
	 * @param array $job   Job as due() read it.
	 * @param int   $until Lease end (the job's worst-case duration from now).
	 * @return bool Whether this runner holds it.
	 */
	public function claim( array $job, int $until ): bool {
		global $wpdb;
		$table = Schema::table( 'outbox' );
		$busy  = $wpdb->get_var( $wpdb->prepare( 'SELECT COUNT(*) FROM %i WHERE booking_id = %d AND connection_id = %d AND status = %s AND next_attempt_at > %d AND id <> %d', $table, $job['booking_id'], $job['connection_id'], self::RUNNING, time(), $job['id'] ) );
		if ( (int) $busy > 0 ) {
			return false;
		}
		// Compare-and-swap on what due() read: exactly one runner moves it.
		return 1 === $wpdb->query( $wpdb->prepare( 'UPDATE %i SET status = %s, next_attempt_at = %d, updated_at = %d WHERE id = %d AND status = %s AND next_attempt_at = %d', $table, self::RUNNING, $until, time(), $job['id'], $job['status'], $job['next_attempt_at'] ) );
	}

	/**
	 * Records an outcome.
	 *
	 * @param int    $id       Job id.
	 * @param string $status   New status.
	 * @param int    $attempts Attempts so far.
	 * @param int    $next_at  Next attempt (pending jobs).
	 * @param string $kind     Error kind ('' on success).
	 * @param string $error    Redacted error ('' on success).
	 */
	public function record( int $id, string $status, int $attempts, int $next_at = 0, string $kind = '', string $error = '' ): void {
		global $wpdb;
		$wpdb->update(
			Schema::table( 'outbox' ),
			array(
				'status'          => $status,
				'attempts'        => $attempts,
				'next_attempt_at' => $next_at,
				'last_error_kind' => $kind,
				'last_error'      => mb_substr( $error, 0, 255 ),
				'updated_at'      => time(),
			),
			array( 'id' => $id )
		);
	}

	/**
	 * Puts a parked job back in the queue, due now, with a fresh attempt budget.
	 *
	 * @param int $id Job id.
	 */
	public function retry( int $id ): bool {
		global $wpdb;
		return 1 === $wpdb->update(
			Schema::table( 'outbox' ),
			array(
				'status'          => self::PENDING,
				'attempts'        => 0,
				'next_attempt_at' => time(),
				'updated_at'      => time(),
			),
			array(
				'id'     => $id,
				'status' => self::PARKED,
			)
		);
	}

	/**
	 * Jobs by status, newest first.
	 *
	 * @param string $status Status.
	 * @param int    $limit  Maximum.
	 * @return array<int, array>
	 */
	public function by_status( string $status, int $limit = 100 ): array {
		global $wpdb;
		$rows = $wpdb->get_results( $wpdb->prepare( 'SELECT * FROM %i WHERE status = %s ORDER BY updated_at DESC, id DESC LIMIT %d', Schema::table( 'outbox' ), $status, $limit ), ARRAY_A );
		return array_map( array( self::class, 'typed' ), (array) $rows );
	}

	/**
	 * Pending and parked counts per connection.
	 *
	 * @return array<int, array{pending: int, parked: int}>
	 */
	public function backlog(): array {
		global $wpdb;
		$rows   = $wpdb->get_results( $wpdb->prepare( 'SELECT connection_id, status, COUNT(*) AS n FROM %i WHERE status IN (%s, %s, %s) GROUP BY connection_id, status', Schema::table( 'outbox' ), self::PENDING, self::PARKED, self::RUNNING ), ARRAY_A );
		$counts = array();
		foreach ( (array) $rows as $row ) {
			$counts[ (int) $row['connection_id'] ] ??= array(
				'pending' => 0,
				'parked'  => 0,
			);
			$counts[ (int) $row['connection_id'] ][ self::RUNNING === $row['status'] ? 'pending' : $row['status'] ] += (int) $row['n'];
		}
		return $counts;
	}

	/**
	 * A row with numeric columns as integers.
	 *
	 * @param array $row Raw row.
	 * @return array<string, mixed>
	 */
	private static function typed( array $row ): array {
		foreach ( array( 'id', 'booking_id', 'connection_id', 'attempts', 'next_attempt_at', 'created_at', 'updated_at' ) as $column ) {
			$row[ $column ] = (int) $row[ $column ];
		}
		return $row;
	}
}
