<?php
/**
 * Amelia (plugin slug `ameliabooking`, Lite) as a source.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Sources;

defined( 'ABSPATH' ) || exit;

/**
 * Read from Amelia 2.4.3. One Amelia appointment (a time slot with a provider, holding one or more
 * customer bookings) is one SyncWarden booking. Hooks (src/Application/...) pass toArray() data:
 * an appointment (`amelia_after_appointment_added( $appointment, $service, $payment )`
 * Commands/Booking/Appointment/AddAppointmentCommandHandler.php:416, `amelia_after_appointment_updated(
 * $appointment, $old, $removed, $service, $payment )` UpdateAppointmentCommandHandler.php:310,
 * `amelia_after_appointment_status_updated( $appointment, $status )` UpdateAppointmentStatusCommandHandler.php:205,
 * `amelia_after_booking_rescheduled( $old_appointment, $booking, $start )` UpdateAppointmentTimeCommandHandler.php:273
 * and ReassignBookingCommandHandler.php:687, `amelia_after_appointment_deleted( $appointment )`
 * DeleteAppointmentCommandHandler.php:107, after the rows are gone), or a reservation result
 * `{ type, appointment, booking, recurring, ... }` (`amelia_after_booking_added`
 * AddBookingCommandHandler.php:193, `AmeliaBookingAddedBeforeNotify` Services/Reservation/AbstractReservationService.php:1250,
 * `amelia_after_booking_canceled` CancelBookingCommandHandler.php:112), a customer booking's new
 * status from the appointment's booking list (`amelia_after_booking_<status>( $data )`
 * UpdateBookingStatusCommandHandler.php:120, $data `{ appointment, booking, ... }`
 * Services/Reservation/AppointmentReservationService.php:911-916) or from the e-mail link
 * (`amelia_after_booking_approved_link` / `_rejected_link( $booking )` ApproveBookingRemotelyCommandHandler.php:148,
 * RejectBookingRemotelyCommandHandler.php:131), or a customer booking deleted, which takes its
 * appointment along when it was the only one (`amelia_after_package_booking_deleted( $appointment,
 * $booking )` AppointmentReservationService.php:2115, after the rows are gone). Only the appointment ids
 * are taken; the appointment is re-read from `{prefix}amelia_appointments` (bookingStart/bookingEnd
 * in UTC) and the customer by id from `{prefix}amelia_customer_bookings` + `{prefix}amelia_users`:
 * the customer in the hook data can be empty. Events (type `event`) are not appointments and
 * are left out.
 */
final class AmeliaSource implements Source {

	public const ID = 'amelia';

	private const CHANGED = array(
		'amelia_after_appointment_added',
		'amelia_after_booking_added',
		'AmeliaBookingAddedBeforeNotify',
		'amelia_after_appointment_updated',
		'amelia_after_booking_rescheduled',
		'amelia_after_appointment_status_updated',
		'amelia_after_booking_canceled',
		// amelia_after_booking_<status> for each BookingStatus (src/Domain/ValueObjects/String/BookingStatus.php:12-17).
		'amelia_after_booking_approved',
		'amelia_after_booking_pending',
		'amelia_after_booking_rejected',
		'amelia_after_booking_no-show',
		'amelia_after_booking_waiting',
		'amelia_after_booking_approved_link',
		'amelia_after_booking_rejected_link',
		// A row that is gone cancels (see attach()).
		'amelia_after_package_booking_deleted',
	);

	/** Appointment statuses (InstallActions/DB/Booking/AppointmentsTable.php:32) in StatusPolicy's words. */
	private const STATUSES = array(
		'approved' => 'approved',
		'pending'  => 'pending',
		'canceled' => 'cancelled',
		'rejected' => 'rejected',
		'no-show'  => 'no_show',
	);

	public function id(): string {
		return self::ID;
	}

	public function label(): string {
		return 'Amelia';
	}

	public function plugin_file(): string {
		return 'ameliabooking/ameliabooking.php';
	}

	/** Nothing yet: Amelia Lite's only way in is `amelia_get_timeslots_filter` on the finished slot list shown to visitors (GetTimeSlotsCommandHandler.php:428); the booking itself is checked again without it when it is saved, so a busy slot would be hidden but still bookable. */
	public function block_busy_time( SourceBusyTime $busy ): void {
		unset( $busy );
	}

	/** Appointments its own calendar sync wrote (InstallActions/DB/Booking/AppointmentsTable.php:42,44). */
	public function own_calendar_sync(): array {
		global $wpdb;
		$table = "{$wpdb->prefix}amelia_appointments";
		return OwnCalendarSync::providers(
			array(
				'google'    => OwnCalendarSync::filled( $table, 'googleCalendarEventId' ),
				'microsoft' => OwnCalendarSync::filled( $table, 'outlookCalendarEventId' ),
			)
		);
	}

	public function busy_time_note(): string {
		return __( 'Amelia Lite can only hide times from its booking form, not refuse them when a booking is saved, so busy time from your connected calendars does not block its slots. Its own Google Calendar check (a paid feature) can.', 'syncwarden' );
	}

	public function attach( SourceBookings $bookings ): void {
		foreach ( self::CHANGED as $hook ) {
			$bookings->listen(
				self::ID,
				$hook,
				function ( ...$given ) use ( $bookings ): void {
					foreach ( array_unique( array_merge( ...array_map( array( self::class, 'appointment_ids' ), $given ) ) ) as $id ) {
						$bookings->reread( self::ID, $id, $this->record( ... ) );
					}
				},
				3
			);
		}
		$bookings->listen(
			self::ID,
			'amelia_after_appointment_deleted',
			static function ( $appointment ) use ( $bookings ): void {
				foreach ( self::appointment_ids( $appointment ) as $id ) {
					$bookings->remove( self::ID, (string) $id );
				}
			}
		);
	}

	public function bookings_since( int $since, int $limit, int $after = 0 ): array {
		global $wpdb;
		$ids = $wpdb->get_col( $wpdb->prepare( "SELECT id FROM {$wpdb->prefix}amelia_appointments WHERE bookingStart >= %s AND id > %d ORDER BY id LIMIT %d", gmdate( 'Y-m-d H:i:s', $since ), $after, $limit ) );
		return array_values( array_filter( array_map( fn( $id ) => $this->record( (int) $id ), (array) $ids ) ) );
	}

	/**
	 * Appointment ids in one hook argument: an appointment array, a booking array, or a
	 * reservation result with appointment, booking and recurring parts.
	 *
	 * @param mixed $data Hook argument.
	 * @return int[]
	 */
	private static function appointment_ids( $data ): array {
		if ( ! is_array( $data ) || ( isset( $data['type'] ) && 'appointment' !== $data['type'] ) ) {
			return array();
		}
		$candidates = array(
			$data['appointment']['id'] ?? null,
			$data['booking']['appointmentId'] ?? null,
			$data['appointmentId'] ?? null,
			isset( $data['bookingStart'] ) ? ( $data['id'] ?? null ) : null, // An appointment itself.
		);
		foreach ( (array) ( $data['recurring'] ?? array() ) as $recurring ) {
			$candidates[] = is_array( $recurring ) ? ( $recurring['appointment']['id'] ?? null ) : null;
		}
		return array_values( array_filter( array_map( array( HookArgument::class, 'id' ), $candidates ) ) );
	}

	/**
	 * An appointment in record form, or null when its row is gone.
	 *
	 * @param int $id Appointment id.
	 * @return array{ref: string, status: string, fields: array}|null
	 */
	private function record( int $id ): ?array {
		global $wpdb;
		$row   = $wpdb->get_row( $wpdb->prepare( "SELECT a.status, a.bookingStart, a.bookingEnd, s.name FROM {$wpdb->prefix}amelia_appointments a LEFT JOIN {$wpdb->prefix}amelia_services s ON s.id = a.serviceId WHERE a.id = %d", $id ), ARRAY_A );
		$start = is_array( $row ) ? SourceTime::utc( $row['bookingStart'] ) : null;
		$end   = is_array( $row ) ? SourceTime::utc( $row['bookingEnd'] ) : null;
		if ( null === $start || null === $end ) {
			return null;
		}
		$customer = $wpdb->get_row( $wpdb->prepare( "SELECT u.firstName, u.lastName, u.email, u.phone FROM {$wpdb->prefix}amelia_customer_bookings b INNER JOIN {$wpdb->prefix}amelia_users u ON u.id = b.customerId WHERE b.appointmentId = %d AND b.status IN ('approved', 'pending', 'no-show') ORDER BY b.id LIMIT 1", $id ), ARRAY_A );
		$customer = is_array( $customer ) ? $customer : array();
		$fields   = SourceTime::span( $start, $end, SourceTime::zone() ) + array_filter(
			array(
				'title'          => (string) ( $row['name'] ?? '' ),
				'customer_name'  => trim( ( $customer['firstName'] ?? '' ) . ' ' . ( $customer['lastName'] ?? '' ) ),
				'customer_email' => (string) ( $customer['email'] ?? '' ),
				'customer_phone' => (string) ( $customer['phone'] ?? '' ),
			),
			'strlen'
		);
		return array(
			'ref'    => (string) $id,
			'status' => self::STATUSES[ (string) $row['status'] ] ?? 'pending',
			'fields' => $fields + array(
				/* translators: %d: the appointment's number in Amelia */
				'title' => sprintf( __( 'Appointment #%d', 'syncwarden' ), $id ),
			),
		);
	}
}
