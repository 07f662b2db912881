<?php
/**
 * Where security-relevant events are written.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Audit;

defined( 'ABSPATH' ) || exit;

/**
 * Events are dotted names (credentials.saved); context holds ids, counts and names only —
 * never a secret, token or personal data beyond what identifies the acting administrator.
 */
interface AuditTrail {

	/**
	 * Records one event, attributed to the current user.
	 *
	 * @param string                           $event   Event name.
	 * @param array<string, scalar|array|null> $context Non-secret details.
	 */
	public function record( string $event, array $context = array() ): void;

	/**
	 * Most recent events first.
	 *
	 * @param int $limit Maximum number of entries.
	 * @return array<int, array{time: int, user_id: int, event: string, context: array}>
	 */
	public function recent( int $limit = 50 ): array;

	/**
	 * Every entry about one booking, oldest first (for the personal-data exporter).
	 *
	 * @param int $booking_id Booking id.
	 * @return array<int, array{time: int, event: string, result: string, provider: string, fields: string[]}>
	 */
	public function for_booking( int $booking_id ): array;
}
