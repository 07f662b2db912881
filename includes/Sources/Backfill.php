<?php
/**
 * "Send existing bookings from the last N days": one page per call, so a screen shows progress.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Sources;

defined( 'ABSPATH' ) || exit;

/**
 * Each page goes through SourceBookings like a hook would: a booking already linked and unchanged
 * writes nothing, so running it twice exports nothing twice.
 */
final class Backfill {

	public const PAGE     = 25;
	public const MAX_DAYS = 365;

	/**
	 * Constructor.
	 *
	 * @param SourceRegistry $registry Sources.
	 * @param SourceBookings $bookings Writer.
	 */
	public function __construct( private readonly SourceRegistry $registry, private readonly SourceBookings $bookings ) {
	}

	/**
	 * One page of a source's bookings that start within the last `$days` days or later.
	 *
	 * @param Source $source Source (its plugin active).
	 * @param int    $days   Days back, 1 to MAX_DAYS.
	 * @param int    $after  The plugin id the previous page ended with (0: from the start).
	 * @return array{handled: int, sent: int, next: int, done: bool}
	 */
	public function page( Source $source, int $days, int $after ): array {
		$since   = time() - max( 1, min( self::MAX_DAYS, $days ) ) * DAY_IN_SECONDS;
		$records = $source->bookings_since( $since, self::PAGE, $after );
		$sent    = 0;
		$next    = $after;
		foreach ( $records as $record ) {
			$change = 'unchanged';
			$this->bookings->guard(
				$source->id(),
				'backfill',
				function () use ( $source, $record, &$change ): void {
					$change = $this->bookings->apply( $source->id(), $record );
				}
			);
			$sent += 'unchanged' === $change ? 0 : 1;
			$next  = max( $next, (int) $record['ref'] );
		}
		return array(
			'handled' => count( $records ),
			'sent'    => $sent,
			'next'    => $next,
			'done'    => count( $records ) < self::PAGE,
		);
	}

	/**
	 * The registry it pages through (for the REST layer).
	 */
	public function registry(): SourceRegistry {
		return $this->registry;
	}
}
