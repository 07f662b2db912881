<?php
/**
 * What deactivating the plugin undoes: its scheduled events.
 *
 * @package SyncWarden
 */

namespace SyncWarden;

defined( 'ABSPATH' ) || exit;

/**
 * A deactivated plugin leaves no WP-Cron events behind that would keep waking the site for
 * callbacks nobody registers. Nothing else is touched: settings, connections and queued jobs stay
 * for a reactivation, which gives every event back on the next admin request (imports, push
 * renewal and audit purge ensure their schedules on `admin_init`, as do the outbox when it has
 * queued work and a key rotation's re-encryption that was under way; pollers when their source
 * is on).
 */
final class Deactivation {

	/**
	 * The deactivation hook: this site's events (every event hook carries Uninstaller::PREFIX), or
	 * every site's when deactivated network-wide.
	 *
	 * @param bool $network_wide Whether the plugin was network-deactivated.
	 */
	public static function deactivate( bool $network_wide = false ): void {
		if ( $network_wide && is_multisite() ) {
			Uninstaller::on_each_site( array( Uninstaller::class, 'clear_events' ) );
			return;
		}
		Uninstaller::clear_events();
	}
}
