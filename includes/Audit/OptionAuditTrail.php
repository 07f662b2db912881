<?php
/**
 * Interim audit storage until the audit log gets its own table.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Audit;

defined( 'ABSPATH' ) || exit;

/**
 * Keeps the latest entries in one non-autoloaded option (a bounded ring), so nothing grows
 * without limit and nothing loads on front-end requests. Contexts pass through the Redactor.
 */
final class OptionAuditTrail implements AuditTrail {

	public const OPTION      = 'syncwarden_audit_recent';
	public const MAX_ENTRIES = 200;

	/**
	 * Records one event.
	 *
	 * @param string $event   Event name.
	 * @param array  $context Non-secret details.
	 */
	public function record( string $event, array $context = array() ): void {
		$entries = $this->entries();
		array_unshift(
			$entries,
			array(
				'time'    => time(),
				'user_id' => get_current_user_id(),
				'event'   => $event,
				'context' => Redactor::redact( $context ),
			)
		);
		update_option( self::OPTION, array_slice( $entries, 0, self::MAX_ENTRIES ), false );
	}

	/**
	 * Most recent first.
	 *
	 * @param int $limit Maximum number of entries.
	 */
	public function recent( int $limit = 50 ): array {
		return array_slice( $this->entries(), 0, max( 0, $limit ) );
	}

	/**
	 * Stored entries.
	 *
	 * @return array<int, array{time: int, user_id: int, event: string, context: array}>
	 */
	private function entries(): array {
		$entries = get_option( self::OPTION, array() );
		return is_array( $entries ) ? $entries : array();
	}
}
