<?php
/**
 * All-or-nothing database work.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Storage;

defined( 'ABSPATH' ) || exit;

/**
 * Runs work in a transaction, or in a savepoint when one is already open (MySQL would commit an
 * open transaction at a nested START TRANSACTION). A process that dies inside leaves nothing:
 * the database discards the uncommitted work.
 */
final class Transaction {

	/**
	 * Open transactions and savepoints, including one a caller opened around us.
	 *
	 * @var int
	 */
	private static int $depth = 0;

	/**
	 * Runs `$work`; commits when it returns, rolls back when it throws.
	 *
	 * @param callable $work Database work.
	 * @return mixed What `$work` returned.
	 * @throws \Throwable Whatever `$work` threw, after rolling back.
	 */
	public static function run( callable $work ) {
		global $wpdb;
		$savepoint = self::$depth > 0 ? 'syncwarden_' . self::$depth : null;
		// A savepoint name cannot be a placeholder in every engine (SQLite drop-in); it is 'syncwarden_' and an int.
		$wpdb->query( null === $savepoint ? 'START TRANSACTION' : "SAVEPOINT $savepoint" ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- 'syncwarden_' . int.
		++self::$depth;
		try {
			$result = $work();
		} catch ( \Throwable $e ) {
			--self::$depth;
			$wpdb->query( null === $savepoint ? 'ROLLBACK' : "ROLLBACK TO SAVEPOINT $savepoint" ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- 'syncwarden_' . int.
			throw $e;
		}
		--self::$depth;
		$wpdb->query( null === $savepoint ? 'COMMIT' : "RELEASE SAVEPOINT $savepoint" ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- 'syncwarden_' . int.
		return $result;
	}

	/**
	 * Tells us whether the caller holds a transaction open around everything we do (a test
	 * suite that rolls each test back), so that we nest savepoints inside it.
	 *
	 * @param bool $open Whether such a transaction is open.
	 */
	public static function caller_transaction( bool $open ): void {
		self::$depth = $open ? 1 : 0;
	}
}
