<?php
/**
 * Which of a booking plugin's statuses become which SyncWarden status.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Sources;

defined( 'ABSPATH' ) || exit;

/**
 * Sources name their statuses in one vocabulary (STATUSES). By default a booking is exported once
 * it is approved (or completed, or a no-show: the time was held); rejected, abandoned and
 * cancelled ones are cancelled; a pending one is not exported, unless the site exports pending
 * bookings as tentative (Google status=tentative, Graph showAs=tentative).
 */
final class StatusPolicy {

	public const STATUSES = array( 'pending', 'approved', 'completed', 'no_show', 'rejected', 'abandoned', 'cancelled' );

	private const CONFIRMED = array( 'approved', 'completed', 'no_show' );

	/**
	 * The SyncWarden status for a source status: confirmed, tentative, cancelled, or null (not
	 * exported: a linked booking is then cancelled at its calendars).
	 *
	 * @param string $status    Source status.
	 * @param bool   $tentative Export pending bookings as tentative.
	 */
	public static function decide( string $status, bool $tentative ): ?string {
		if ( in_array( $status, self::CONFIRMED, true ) ) {
			return 'confirmed';
		}
		if ( 'pending' === $status ) {
			return $tentative ? 'tentative' : null;
		}
		return 'cancelled';
	}

	/**
	 * The source statuses that are exported under a setting (for the Sources card).
	 *
	 * @param bool $tentative Export pending bookings as tentative.
	 * @return string[]
	 */
	public static function exported( bool $tentative ): array {
		return $tentative ? array_merge( array( 'pending' ), self::CONFIRMED ) : self::CONFIRMED;
	}
}
