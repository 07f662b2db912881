<?php
/**
 * The audit log: who did what, to which connection or booking, with what result, when.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Audit;

use SyncWarden\Storage\Schema;

defined( 'ABSPATH' ) || exit;

/**
 * One row per event in the plugin's own table. Identifiers, counts and the *names* of fields sent
 * are kept; values never are: every context goes through the Redactor, and callers pass no
 * personal data. Rows older than the retention period are purged by a daily cron event.
 */
final class AuditLog implements AuditTrail {

	public const PURGE_HOOK       = 'syncwarden_audit_purge';
	public const RETENTION_OPTION = 'syncwarden_audit_retention_days';
	public const DEFAULT_DAYS     = 90;
	public const RESULTS          = array( 'ok', 'failed', 'refused' );

	/** Context keys stored in their own columns (filterable), not in the JSON context. */
	private const COLUMNS = array( 'connection_id', 'booking_id', 'provider', 'fields', 'result' );

	/**
	 * Records one event for the current user (0 = the system, e.g. cron).
	 *
	 * @param string $event   Dotted event name, e.g. connection.connected.
	 * @param array  $context Non-secret details; `result`, `connection_id`, `booking_id`,
	 *                        `provider` and `fields` (field names) get their own columns.
	 */
	public function record( string $event, array $context = array() ): void {
		global $wpdb;
		$context = Redactor::redact( $context );
		$result  = in_array( $context['result'] ?? 'ok', self::RESULTS, true ) ? ( $context['result'] ?? 'ok' ) : 'ok';
		$wpdb->insert(
			Schema::table( 'audit' ),
			array(
				'created_at'    => time(),
				'user_id'       => get_current_user_id(),
				'action'        => mb_substr( $event, 0, 64 ),
				'result'        => $result,
				'connection_id' => isset( $context['connection_id'] ) ? (int) $context['connection_id'] : null,
				'booking_id'    => isset( $context['booking_id'] ) ? (int) $context['booking_id'] : null,
				'provider'      => mb_substr( (string) ( $context['provider'] ?? '' ), 0, 32 ),
				'fields'        => mb_substr( implode( ',', (array) ( $context['fields'] ?? array() ) ), 0, 255 ),
				'context'       => (string) wp_json_encode( array_diff_key( $context, array_flip( self::COLUMNS ) ) ),
			)
		);
	}

	public function recent( int $limit = 50 ): array {
		return $this->query( array( 'per_page' => max( 1, $limit ) ) )['items'];
	}

	/**
	 * Filtered, paged entries, newest first.
	 *
	 * @param array $filters action, connection_id, result, from, to (Unix times), search, page, per_page.
	 * @return array{items: array<int, array>, total: int}
	 */
	public function query( array $filters ): array {
		global $wpdb;
		[ $where, $params ] = self::where( $filters );
		$table              = Schema::table( 'audit' );
		$per_page           = (int) ( $filters['per_page'] ?? 50 );
		$offset             = ( max( 1, (int) ( $filters['page'] ?? 1 ) ) - 1 ) * $per_page;
		// $where comes from self::where(): fixed column names and placeholders only; values are in $params.
		$total              = (int) $wpdb->get_var( $wpdb->prepare( "SELECT COUNT(*) FROM %i WHERE $where", array_merge( array( $table ), $params ) ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- $where: fixed columns and placeholders only.
		$rows               = $wpdb->get_results( $wpdb->prepare( "SELECT * FROM %i WHERE $where ORDER BY created_at DESC, id DESC LIMIT %d OFFSET %d", array_merge( array( $table ), $params, array( $per_page, $offset ) ) ), ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- $where: fixed columns and placeholders only.
		return array(
			'items' => array_map( array( self::class, 'entry' ), (array) $rows ),
			'total' => $total,
		);
	}

	public function for_booking( int $booking_id ): array {
		$entries = $this->query(
			array(
				'booking_id' => $booking_id,
				'per_page'   => 500,
			)
		)['items'];
		usort( $entries, static fn( array $a, array $b ): int => array( $a['time'], $a['id'] ) <=> array( $b['time'], $b['id'] ) );
		return $entries;
	}

	/**
	 * Deletes entries older than the retention period (cron callback).
	 *
	 * @return int Rows deleted.
	 */
	public function purge(): int {
		global $wpdb;
		$days = max( 1, (int) get_option( self::RETENTION_OPTION, self::DEFAULT_DAYS ) );
		return (int) $wpdb->query( $wpdb->prepare( 'DELETE FROM %i WHERE created_at < %d', Schema::table( 'audit' ), time() - $days * DAY_IN_SECONDS ) );
	}

	/**
	 * Makes sure the daily purge is scheduled.
	 */
	public static function schedule_purge(): void {
		if ( ! wp_next_scheduled( self::PURGE_HOOK ) ) {
			wp_schedule_event( time() + HOUR_IN_SECONDS, 'daily', self::PURGE_HOOK );
		}
	}

	/**
	 * SQL conditions (placeholders only) and their values.
	 *
	 * @param array $filters Filters.
	 * @return array{0: string, 1: array}
	 */
	private static function where( array $filters ): array {
		global $wpdb;
		$conditions = array( '1=1' );
		$params     = array();
		$exact      = array(
			'action'        => '%s',
			'result'        => '%s',
			'connection_id' => '%d',
			'booking_id'    => '%d',
			'provider'      => '%s',
		);
		foreach ( $exact as $column => $placeholder ) {
			if ( isset( $filters[ $column ] ) && '' !== $filters[ $column ] ) {
				$conditions[] = "$column = $placeholder";
				$params[]     = $filters[ $column ];
			}
		}
		if ( isset( $filters['from'] ) ) {
			$conditions[] = 'created_at >= %d';
			$params[]     = (int) $filters['from'];
		}
		if ( isset( $filters['to'] ) ) {
			$conditions[] = 'created_at <= %d';
			$params[]     = (int) $filters['to'];
		}
		if ( isset( $filters['search'] ) && '' !== $filters['search'] ) {
			$like         = '%' . $wpdb->esc_like( (string) $filters['search'] ) . '%';
			$conditions[] = '(action LIKE %s OR provider LIKE %s OR fields LIKE %s OR context LIKE %s)';
			array_push( $params, $like, $like, $like, $like );
		}
		return array( implode( ' AND ', $conditions ), $params );
	}

	/**
	 * A row as the API shows it.
	 *
	 * @param array $row Raw row.
	 * @return array<string, mixed>
	 */
	private static function entry( array $row ): array {
		$user = (int) $row['user_id'] ? get_userdata( (int) $row['user_id'] ) : null;
		return array(
			'id'            => (int) $row['id'],
			'time'          => (int) $row['created_at'],
			'user_id'       => (int) $row['user_id'],
			'user'          => $user ? $user->display_name : ( (int) $row['user_id'] ? __( 'Deleted user', 'syncwarden' ) : __( 'System', 'syncwarden' ) ),
			'event'         => $row['action'],
			'result'        => $row['result'],
			'connection_id' => null === $row['connection_id'] ? null : (int) $row['connection_id'],
			'booking_id'    => null === $row['booking_id'] ? null : (int) $row['booking_id'],
			'provider'      => $row['provider'],
			'fields'        => array_values( array_filter( explode( ',', $row['fields'] ) ) ),
			'context'       => (array) json_decode( $row['context'], true ),
		);
	}
}
