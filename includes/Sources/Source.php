<?php
/**
 * What every booking-plugin source is: hook-driven ones and pollers alike.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Sources;

defined( 'ABSPATH' ) || exit;

/**
 * A source only translates a booking plugin's bookings into SyncWarden's: it reads the plugin's
 * data and hands records to SourceBookings, which does every write. A record is
 * array{ ref: string, status: string, fields: array|null } — `status` one of StatusPolicy::STATUSES,
 * `fields` the booking input of Bookings::validate() (null: the plugin's row is gone).
 *
 * A hook-driven source adds its listeners in attach(); a poller (a plugin without booking hooks)
 * listens to its own WP-Cron event there and also implements Poller, through which the registry
 * keeps that event scheduled while it is on. Backfill uses bookings_since() for every kind.
 */
interface Source {

	/** Stable id, stored as the bookings' `source`, e.g. booking-calendar. */
	public function id(): string;

	/** The booking plugin's name. */
	public function label(): string;

	/** The plugin's basename (folder/file.php), as in the active_plugins option. */
	public function plugin_file(): string;

	/**
	 * Adds the listeners (or the schedule) that feed SourceBookings. Called once, only when the
	 * plugin is active and the source is switched on.
	 *
	 * @param SourceBookings $bookings Where records go.
	 */
	public function attach( SourceBookings $bookings ): void;

	/**
	 * Bookings the plugin holds that start after `$since` (backfill) in record form, oldest first.
	 *
	 * @param int $since Unix time.
	 * @param int $limit At most this many.
	 * @param int $after Continue after this plugin id (paging).
	 * @return array<int, array{ref: string, status: string, fields: array|null}>
	 */
	public function bookings_since( int $since, int $limit, int $after = 0 ): array;

	/**
	 * Blocks busy time from connected calendars in the plugin, through the plugin's own
	 * availability filter where it has one (nothing where it has none). Called with attach().
	 *
	 * @param SourceBusyTime $busy Busy time and the guarded filter.
	 */
	public function block_busy_time( SourceBusyTime $busy ): void;

	/**
	 * Calendar services (SyncWarden provider ids: google, microsoft) the plugin syncs its own
	 * bookings with, as its own data shows. Asked only while the plugin is active, never inside a
	 * booking request.
	 *
	 * @return string[]
	 */
	public function own_calendar_sync(): array;

	/** How busy time from connected calendars reaches this plugin, in words for its card. */
	public function busy_time_note(): string;
}
