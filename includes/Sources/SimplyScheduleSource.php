<?php
/**
 * Simply Schedule Appointments (plugin slug `simply-schedule-appointments`) as a source.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Sources;

defined( 'ABSPATH' ) || exit;

/**
 * Read from Simply Schedule Appointments 1.6.12.21. Its lifecycle hooks (includes/class-hooks.php)
 * pass the appointment id first: `ssa/appointment/booked` and `…/pending( $id, $data, $data_before,
 * $response )` (:189, :166), `…/rescheduled`, `…/edited`, `…/customer_information_edited`,
 * `…/canceled`, `…/abandoned( $id, $data_after, $data_before, $response )` (:259, :243, :205, :275,
 * :296), `…/no_show` and `…/no_show_reverted( $id, $data_after, $data )` (:101, :146). They are
 * derived from `ssa/appointment/after_update`, whose `$data` holds only the changed columns, so
 * the row is re-read from `{prefix}ssa_appointments` (start_date/end_date in UTC, status,
 * customer_information JSON with Name/Email/Phone, customer_timezone). `ssa/appointment/after_delete(
 * $id, $force_delete, $response )` (includes/lib/td-util/class-td-model.php:223) comes after the row
 * is gone: the link finds the booking.
 */
final class SimplyScheduleSource implements Source {

	public const ID = 'simply-schedule-appointments';

	private const CHANGED = array( 'booked', 'pending', 'rescheduled', 'edited', 'customer_information_edited', 'canceled', 'abandoned', 'no_show', 'no_show_reverted' );

	/** Statuses (includes/class-appointment-model.php:108-136) in StatusPolicy's words. */
	private const STATUSES = array(
		'booked'          => 'approved',
		'pending_payment' => 'pending',
		'pending_form'    => 'pending',
		'canceled'        => 'cancelled',
		'abandoned'       => 'abandoned',
	);

	public function id(): string {
		return self::ID;
	}

	public function label(): string {
		return 'Simply Schedule Appointments';
	}

	public function plugin_file(): string {
		return 'simply-schedule-appointments/simply-schedule-appointments.php';
	}

	/** Nothing to add to: its availability engine (includes/class-availability-query.php:179-233) merges only its own schedules (blackout dates, its Google Calendar, staff, resources) and offers no filter; `ssa/get_blocked_periods/blocked_periods` belongs to includes/class-availability-functions.php, which nothing in 1.6.12 calls any more. */
	public function block_busy_time( SourceBusyTime $busy ): void {
		unset( $busy );
	}

	/** Appointments its Google Calendar sync wrote (`google_calendar_event_id`, includes/class-appointment-model.php:764). */
	public function own_calendar_sync(): array {
		global $wpdb;
		return OwnCalendarSync::providers(
			array( 'google' => OwnCalendarSync::filled( "{$wpdb->prefix}ssa_appointments", 'google_calendar_event_id' ) )
		);
	}

	public function busy_time_note(): string {
		return __( 'Simply Schedule Appointments offers other plugins no way to remove available times, so busy time from your connected calendars does not block its slots. Its own calendar check (a paid feature) can.', 'syncwarden' );
	}

	public function attach( SourceBookings $bookings ): void {
		foreach ( self::CHANGED as $name ) {
			$bookings->listen( self::ID, 'ssa/appointment/' . $name, fn( $id ) => $bookings->refresh( self::ID, $id, $this->record( ... ) ) );
		}
		$bookings->listen( self::ID, 'ssa/appointment/after_delete', static fn( $id ) => $bookings->remove_passed( self::ID, $id ) );
	}

	public function bookings_since( int $since, int $limit, int $after = 0 ): array {
		global $wpdb;
		$ids = $wpdb->get_col( $wpdb->prepare( "SELECT id FROM {$wpdb->prefix}ssa_appointments WHERE start_date >= %s AND id > %d ORDER BY id LIMIT %d", gmdate( 'Y-m-d H:i:s', $since ), $after, $limit ) );
		return array_values( array_filter( array_map( fn( $id ) => $this->record( (int) $id ), (array) $ids ) ) );
	}

	/**
	 * An appointment in record form, or null when its row is gone or has no readable time.
	 *
	 * @param int $id Appointment id.
	 * @return array{ref: string, status: string, fields: array}|null
	 */
	private function record( int $id ): ?array {
		global $wpdb;
		$row   = $wpdb->get_row( $wpdb->prepare( "SELECT a.status, a.start_date, a.end_date, a.customer_information, t.title FROM {$wpdb->prefix}ssa_appointments a LEFT JOIN {$wpdb->prefix}ssa_appointment_types t ON t.id = a.appointment_type_id WHERE a.id = %d", $id ), ARRAY_A );
		$start = is_array( $row ) ? SourceTime::utc( $row['start_date'] ) : null;
		$end   = is_array( $row ) ? SourceTime::utc( $row['end_date'] ) : null;
		if ( null === $start || null === $end ) {
			return null;
		}
		$customer = json_decode( (string) $row['customer_information'], true );
		$customer = is_array( $customer ) ? $customer : array();
		$text     = static fn( string $key ): string => is_scalar( $customer[ $key ] ?? null ) ? trim( (string) $customer[ $key ] ) : '';
		$fields   = SourceTime::span( $start, $end, SourceTime::zone() ) + array_filter(
			array(
				'title'          => (string) ( $row['title'] ?? '' ),
				'customer_name'  => $text( 'Name' ),
				'customer_email' => $text( 'Email' ),
				'customer_phone' => $text( 'Phone' ),
			),
			'strlen'
		);
		return array(
			'ref'    => (string) $id,
			'status' => self::STATUSES[ (string) $row['status'] ] ?? 'pending',
			'fields' => $fields + array(
				/* translators: %d: the appointment's number in Simply Schedule Appointments */
				'title' => sprintf( __( 'Appointment #%d', 'syncwarden' ), $id ),
			),
		);
	}
}
