<?php
/**
 * A source that polls its plugin's tables instead of listening to hooks.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Sources;

defined( 'ABSPATH' ) || exit;

/**
 * A poller's WP-Cron event must exist exactly while its plugin is active and the source is on.
 * SourceRegistry asks on every request (one read of the autoloaded cron option), so a source
 * switched off or a plugin deactivated loses its event on the next request, and an event lost
 * from the cron option comes back.
 */
interface Poller {

	/**
	 * Schedules the poll when `$on` and it is not scheduled; clears it when not `$on`.
	 *
	 * @param bool $on Whether the plugin is active and the source switched on.
	 */
	public function keep_polling( bool $on ): void;
}
