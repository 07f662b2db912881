<?php
/**
 * The intervals an import (or a poller) may run at, and their WP-Cron schedules.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Sync;

defined( 'ABSPATH' ) || exit;

/**
 * WP-Cron knows only hourly, twice daily and daily; every interval offered on the Connections
 * tab needs its own named schedule, registered on every request before any event uses it.
 */
final class SyncIntervals {

	public const MINUTES = array( 5, 15, 30, 60, 180, 360, 720, 1440 );
	public const DEFAULT = 15;

	public static function register_hooks(): void {
		add_filter( 'cron_schedules', array( self::class, 'add_schedules' ) ); // phpcs:ignore WordPress.WP.CronInterval -- 5 minutes is the shortest offered.
	}

	/**
	 * One WP-Cron schedule per offered interval.
	 *
	 * @param array $schedules Schedules.
	 */
	public static function add_schedules( array $schedules ): array {
		foreach ( self::MINUTES as $minutes ) {
			$schedules[ self::schedule_name( $minutes ) ] = array(
				'interval' => $minutes * MINUTE_IN_SECONDS,
				/* translators: %d: minutes */
				'display'  => sprintf( _n( 'Every %d minute (SyncWarden)', 'Every %d minutes (SyncWarden)', $minutes, 'syncwarden' ), $minutes ),
			);
		}
		return $schedules;
	}

	/**
	 * The WP-Cron schedule that runs every `$minutes` (one of MINUTES).
	 *
	 * @param int $minutes Minutes.
	 */
	public static function schedule_name( int $minutes ): string {
		return 'syncwarden_every_' . $minutes . '_minutes';
	}

	/**
	 * A stored interval if it is one offered, the default otherwise.
	 *
	 * @param mixed $minutes Stored value.
	 */
	public static function valid( $minutes ): int {
		return in_array( (int) $minutes, self::MINUTES, true ) ? (int) $minutes : self::DEFAULT;
	}
}
