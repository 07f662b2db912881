<?php
/**
 * Where a connection's import stands: its cursor, the window the cursor covers, and the page
 * position of a listing a run could not finish.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Sync;

use SyncWarden\Providers\ImportWindow;

defined( 'ABSPATH' ) || exit;

/**
 * A listing without a cursor ("full") covers a window: by default a month back and a year ahead,
 * changed per connection by the `syncwarden_import_window` filter. Cursors keep answering for the
 * window they were made with (Graph's delta link encodes it; a Google sync token never sees old
 * events that only now came within a year), so once the window has moved by REWINDOW_DAYS a new
 * full listing of the current window starts; the old cursor stays saved until that listing is
 * complete. A run that stops at the page limit saves its page position here and the next run
 * goes on from it.
 */
final class ImportCursor {

	public const REWINDOW_DAYS = 7;
	private const CURSOR       = 'syncwarden_import_cursor_';
	private const WINDOW       = 'syncwarden_import_window_';
	private const PROGRESS     = 'syncwarden_import_progress_';
	private const MAX_DAYS     = 3650;

	/**
	 * The option prefixes, for clean-up.
	 *
	 * @return string[]
	 */
	public static function prefixes(): array {
		return array( self::CURSOR, self::WINDOW, self::PROGRESS );
	}

	/**
	 * The window a full listing of this connection covers now.
	 *
	 * @param array $connection Connection.
	 * @param int   $now        Epoch seconds.
	 * @return array{start: int, end: int}
	 */
	public static function window( array $connection, int $now ): array {
		/**
		 * Filters how far back and ahead a connection's import lists (whole days, 1 to 3650).
		 *
		 * @param array{past_days: int, future_days: int} $days       Defaults: 30 and 365.
		 * @param array                                   $connection The connection.
		 */
		$days  = (array) apply_filters(
			'syncwarden_import_window',
			array(
				'past_days'   => ImportWindow::PAST_DAYS,
				'future_days' => ImportWindow::FUTURE_DAYS,
			),
			$connection
		);
		$clamp = static fn( $value, int $fallback ): int => is_int( $value ) && $value >= 1 && $value <= self::MAX_DAYS ? $value : $fallback;
		return ImportWindow::around( $now, $clamp( $days['past_days'] ?? null, ImportWindow::PAST_DAYS ), $clamp( $days['future_days'] ?? null, ImportWindow::FUTURE_DAYS ) );
	}

	/**
	 * What this run lists: the unfinished listing it resumes, a new full listing (no cursor, or
	 * the window moved), or the changes since the cursor.
	 *
	 * @param array $connection Connection.
	 * @param int   $now        Epoch seconds.
	 * `reconcile` says whether a complete listing cancels what it no longer contains: only a full
	 * listing that replaces a cursor (a moved window, a forgotten cursor), never a first one or
	 * the listings of a provider without cursors (Calendly).
	 *
	 * @return array{cursor: ?string, page: ?string, window: array{start: int, end: int}, full: bool, reconcile: bool, listed_at: int, resumed: bool}
	 */
	public static function plan( array $connection, int $now ): array {
		$id       = $connection['id'];
		$progress = get_option( self::PROGRESS . $id, null );
		if ( is_array( $progress ) && isset( $progress['page'], $progress['window']['start'], $progress['window']['end'], $progress['listed_at'] ) ) {
			return array( 'resumed' => true ) + $progress + array( 'reconcile' => false );
		}
		$cursor = get_option( self::CURSOR . $id, null );
		$cursor = is_string( $cursor ) && '' !== $cursor ? $cursor : null;
		$saved  = get_option( self::WINDOW . $id, null );
		$fresh  = self::window( $connection, $now );
		if ( null !== $cursor && ( ! is_array( $saved ) || $fresh['start'] - (int) ( $saved['start'] ?? 0 ) < self::REWINDOW_DAYS * DAY_IN_SECONDS ) ) {
			$window = is_array( $saved ) ? array( 'start' => (int) $saved['start'], 'end' => (int) $saved['end'] ) : $fresh;
			return self::fresh_plan( $cursor, $window, false, false, $now );
		}
		return self::fresh_plan( null, $fresh, true, null !== $cursor, $now );
	}

	/**
	 * A new full listing of the current window (the provider forgot the cursor or a page token).
	 *
	 * @param array $connection Connection.
	 * @param int   $now        Epoch seconds.
	 */
	public static function full( array $connection, int $now ): array {
		delete_option( self::PROGRESS . $connection['id'] );
		return self::fresh_plan( null, self::window( $connection, $now ), true, true, $now );
	}

	private static function fresh_plan( ?string $cursor, array $window, bool $full, bool $reconcile, int $now ): array {
		return array(
			'cursor'    => $cursor,
			'page'      => null,
			'window'    => $window,
			'full'      => $full,
			'reconcile' => $reconcile,
			'listed_at' => $now,
			'resumed'   => false,
		);
	}

	/**
	 * Keeps the page position of a listing this run stops short of finishing.
	 *
	 * @param int    $id   Connection id.
	 * @param array  $plan The run's plan.
	 * @param string $page The provider's token of the next page.
	 */
	public static function pause( int $id, array $plan, string $page ): void {
		unset( $plan['resumed'] );
		update_option( self::PROGRESS . $id, array( 'page' => $page ) + $plan, false );
	}

	/**
	 * Saves the cursor of a finished listing (only after its last page was committed).
	 *
	 * @param int         $id     Connection id.
	 * @param array       $plan   The run's plan.
	 * @param string|null $cursor The provider's new cursor, if it gives one.
	 */
	public static function finish( int $id, array $plan, ?string $cursor ): void {
		if ( null !== $cursor ) {
			update_option( self::CURSOR . $id, $cursor, false );
			if ( $plan['full'] || ! is_array( get_option( self::WINDOW . $id, null ) ) ) {
				update_option( self::WINDOW . $id, $plan['window'], false );
			}
		}
		delete_option( self::PROGRESS . $id );
	}

	/**
	 * Whether a listing is still unfinished (for the status).
	 *
	 * @param int $id Connection id.
	 */
	public static function unfinished( int $id ): bool {
		return is_array( get_option( self::PROGRESS . $id, null ) );
	}
}
