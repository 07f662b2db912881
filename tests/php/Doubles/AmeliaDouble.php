<?php

namespace SyncWarden\Tests\Doubles;

/**
 * A hand-written stand-in for Amelia Lite (plugin `ameliabooking`), written from its 2.4.3 source
 * (WordPressBugBounty/plugins-ameliabooking, commit "2.4.3"); no code or data of it is copied.
 * Amelia's own DDL needs MySQL/MariaDB; this double keeps reduced tables that the SQLite
 * translator takes:
 *
 * - `{prefix}amelia_appointments` (src/Infrastructure/WP/InstallActions/DB/Booking/AppointmentsTable.php:30-50:
 *   status approved|pending|canceled|rejected|no-show, bookingStart/bookingEnd UTC, serviceId,
 *   googleCalendarEventId, outlookCalendarEventId), `{prefix}amelia_customer_bookings` (CustomerBookingsTable.php:30-49:
 *   appointmentId, customerId, status), `{prefix}amelia_users` (User/UsersTable.php:40-62: firstName,
 *   lastName, email, phone), `{prefix}amelia_services` (name); prefix `amelia_`
 *   (InstallActions/DB/AbstractDatabaseTable.php:42);
 * - front-end booking: `AmeliaBookingAddedBeforeNotify( $data, $container )`
 *   (src/Application/Services/Reservation/AbstractReservationService.php:1250) and
 *   `amelia_after_booking_added( $data )` (Commands/Booking/Appointment/AddBookingCommandHandler.php:193),
 *   $data the reservation result `{ type: appointment, appointment, booking, customer, recurring, ... }`
 *   (AbstractReservationService.php:1052-1140) — here with the customer left empty, as it can arrive;
 * - status change: rows updated, then `amelia_after_appointment_status_updated( $appointment, $status )`
 *   (UpdateAppointmentStatusCommandHandler.php:191-205);
 * - new time: `amelia_after_booking_rescheduled( $old_appointment, null, $start )`
 *   (UpdateAppointmentTimeCommandHandler.php:273);
 * - customer cancels: `amelia_after_booking_canceled( $booking_data )` (CancelBookingCommandHandler.php:112);
 * - delete: rows deleted, then `amelia_after_appointment_deleted( $appointment )`
 *   (DeleteAppointmentCommandHandler.php:107);
 * - a customer booking's status set from the appointment's booking list (route /bookings/status/{id},
 *   src/Infrastructure/Routes/Booking/Booking.php:47): rows updated, then `amelia_after_booking_<status>(
 *   $data )` (UpdateBookingStatusCommandHandler.php:120), $data `{ appointment, appointmentStatusChanged,
 *   oldAppointmentStatus, booking }` (Services/Reservation/AppointmentReservationService.php:911-916);
 * - a customer booking deleted (route /bookings/delete/{id}, Booking.php:41): its appointment is
 *   deleted with it when it was the only one, then `amelia_after_package_booking_deleted( $appointment,
 *   $booking )` (AppointmentReservationService.php:2080-2118).
 */
final class AmeliaDouble {

	public const PLUGIN = 'ameliabooking/ameliabooking.php';

	public static function create_tables(): void {
		global $wpdb;
		$wpdb->query( "CREATE TABLE IF NOT EXISTS {$wpdb->prefix}amelia_appointments ( id INT(11) NOT NULL AUTO_INCREMENT, status VARCHAR(16) NULL, bookingStart DATETIME NOT NULL, bookingEnd DATETIME NOT NULL, serviceId INT(11) NOT NULL, providerId INT(11) NOT NULL, googleCalendarEventId VARCHAR(255) NULL, outlookCalendarEventId VARCHAR(255) NULL, PRIMARY KEY (id) )" );
		$wpdb->query( "CREATE TABLE IF NOT EXISTS {$wpdb->prefix}amelia_customer_bookings ( id INT(11) NOT NULL AUTO_INCREMENT, appointmentId INT(11) NULL, customerId INT(11) NOT NULL, status VARCHAR(16) NULL, persons INT(11) NOT NULL, PRIMARY KEY (id) )" );
		$wpdb->query( "CREATE TABLE IF NOT EXISTS {$wpdb->prefix}amelia_users ( id int(11) NOT NULL AUTO_INCREMENT, type VARCHAR(16) NOT NULL, firstName varchar(255) NOT NULL DEFAULT '', lastName varchar(255) NOT NULL DEFAULT '', email varchar(255) DEFAULT NULL, phone varchar(63) DEFAULT NULL, PRIMARY KEY (id) )" );
		$wpdb->query( "CREATE TABLE IF NOT EXISTS {$wpdb->prefix}amelia_services ( id int(11) NOT NULL AUTO_INCREMENT, name varchar(255) NOT NULL DEFAULT '', PRIMARY KEY (id) )" );
	}

	public static function book( string $start_utc, int $minutes, string $status = 'approved' ): int {
		global $wpdb;
		$wpdb->insert( "{$wpdb->prefix}amelia_services", array( 'name' => 'Massage' ) );
		$service = (int) $wpdb->insert_id;
		$wpdb->insert( "{$wpdb->prefix}amelia_users", array( 'type' => 'customer', 'firstName' => 'Ada', 'lastName' => 'Lovelace', 'email' => 'ada@example.test', 'phone' => '+44 20 7946 0000' ) );
		$customer = (int) $wpdb->insert_id;
		$wpdb->insert( "{$wpdb->prefix}amelia_appointments", array( 'status' => $status, 'bookingStart' => $start_utc, 'bookingEnd' => self::plus( $start_utc, $minutes ), 'serviceId' => $service, 'providerId' => 1 ) );
		$appointment = (int) $wpdb->insert_id;
		$wpdb->insert( "{$wpdb->prefix}amelia_customer_bookings", array( 'appointmentId' => $appointment, 'customerId' => $customer, 'status' => $status, 'persons' => 1 ) );
		$data = array(
			'type'        => 'appointment',
			'appointment' => self::appointment( $appointment ),
			'booking'     => array( 'id' => (int) $wpdb->insert_id, 'appointmentId' => $appointment, 'customerId' => $customer, 'status' => $status ),
			'customer'    => array(), // Can arrive empty.
			'recurring'   => array(),
			'isCart'      => false,
		);
		do_action( 'AmeliaBookingAddedBeforeNotify', $data, null );
		do_action( 'amelia_after_booking_added', $data );
		return $appointment;
	}

	public static function set_status( int $id, string $status ): void {
		global $wpdb;
		$wpdb->update( "{$wpdb->prefix}amelia_customer_bookings", array( 'status' => $status ), array( 'appointmentId' => $id ) );
		$wpdb->update( "{$wpdb->prefix}amelia_appointments", array( 'status' => $status ), array( 'id' => $id ) );
		do_action( 'amelia_after_appointment_status_updated', self::appointment( $id ), $status );
	}

	public static function reschedule( int $id, string $start_utc, int $minutes ): void {
		global $wpdb;
		$old = self::appointment( $id );
		$wpdb->update( "{$wpdb->prefix}amelia_appointments", array( 'bookingStart' => $start_utc, 'bookingEnd' => self::plus( $start_utc, $minutes ) ), array( 'id' => $id ) );
		do_action( 'amelia_after_booking_rescheduled', $old, null, $start_utc );
	}

	public static function customer_cancels( int $id ): void {
		global $wpdb;
		$wpdb->update( "{$wpdb->prefix}amelia_customer_bookings", array( 'status' => 'canceled' ), array( 'appointmentId' => $id ) );
		$wpdb->update( "{$wpdb->prefix}amelia_appointments", array( 'status' => 'canceled' ), array( 'id' => $id ) );
		do_action( 'amelia_after_booking_canceled', array( 'type' => 'appointment', 'appointment' => self::appointment( $id ), 'booking' => self::booking( $id ) ) );
	}

	public static function set_booking_status( int $id, string $status ): void {
		global $wpdb;
		$old = self::appointment( $id );
		$wpdb->update( "{$wpdb->prefix}amelia_customer_bookings", array( 'status' => $status ), array( 'appointmentId' => $id ) );
		$wpdb->update( "{$wpdb->prefix}amelia_appointments", array( 'status' => $status ), array( 'id' => $id ) );
		$data = array(
			'appointment'              => self::appointment( $id ),
			'appointmentStatusChanged' => true,
			'oldAppointmentStatus'     => $old['status'],
			'booking'                  => self::booking( $id ),
		);
		do_action( 'amelia_after_booking_' . $status, $data );
	}

	/** The appointment's only customer booking deleted: the appointment goes with it. */
	public static function delete_booking( int $id ): void {
		global $wpdb;
		$appointment = self::appointment( $id );
		$booking     = self::booking( $id );
		$wpdb->delete( "{$wpdb->prefix}amelia_customer_bookings", array( 'appointmentId' => $id ) );
		$wpdb->delete( "{$wpdb->prefix}amelia_appointments", array( 'id' => $id ) );
		do_action( 'amelia_after_package_booking_deleted', $appointment, $booking );
	}

	public static function delete( int $id ): void {
		global $wpdb;
		$appointment = self::appointment( $id );
		$wpdb->delete( "{$wpdb->prefix}amelia_customer_bookings", array( 'appointmentId' => $id ) );
		$wpdb->delete( "{$wpdb->prefix}amelia_appointments", array( 'id' => $id ) );
		do_action( 'amelia_after_appointment_deleted', $appointment );
	}

	private static function appointment( int $id ): array {
		global $wpdb;
		$row = (array) $wpdb->get_row( $wpdb->prepare( "SELECT * FROM {$wpdb->prefix}amelia_appointments WHERE id = %d", $id ), ARRAY_A );
		return array( 'id' => $id, 'status' => $row['status'] ?? '', 'bookingStart' => $row['bookingStart'] ?? '', 'bookingEnd' => $row['bookingEnd'] ?? '', 'bookings' => array() );
	}

	private static function booking( int $appointment ): array {
		global $wpdb;
		return (array) $wpdb->get_row( $wpdb->prepare( "SELECT id, appointmentId, customerId, status FROM {$wpdb->prefix}amelia_customer_bookings WHERE appointmentId = %d", $appointment ), ARRAY_A );
	}

	private static function plus( string $utc, int $minutes ): string {
		return gmdate( 'Y-m-d H:i:s', strtotime( "$utc UTC" ) + 60 * $minutes );
	}
}
