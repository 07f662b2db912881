<?php
/**
 * The span of a calendar an import lists.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Providers;

defined( 'ABSPATH' ) || exit;

/**
 * A first listing is bounded (a month back, a year ahead by default) so a calendar's whole
 * history is never listed; Sync\ImportCursor moves it forward as time passes.
 */
final class ImportWindow {

	public const PAST_DAYS   = 30;
	public const FUTURE_DAYS = 365;

	/**
	 * A window around a moment.
	 *
	 * @param int $now         Epoch seconds.
	 * @param int $past_days   Days before.
	 * @param int $future_days Days after.
	 * @return array{start: int, end: int}
	 */
	public static function around( int $now, int $past_days = self::PAST_DAYS, int $future_days = self::FUTURE_DAYS ): array {
		return array(
			'start' => $now - $past_days * DAY_IN_SECONDS,
			'end'   => $now + $future_days * DAY_IN_SECONDS,
		);
	}

	/**
	 * The window a request uses: the given one, or the default around now.
	 *
	 * @param array{start: int, end: int}|null $window Window.
	 * @return array{start: int, end: int}
	 */
	public static function or_default( ?array $window ): array {
		return $window ?? self::around( time() );
	}

	/**
	 * UTC time as both Google (RFC 3339) and Graph (ISO 8601) accept it in a query.
	 *
	 * @param int $time Epoch seconds.
	 */
	public static function utc( int $time ): string {
		return gmdate( 'Y-m-d\TH:i:s\Z', $time );
	}
}
