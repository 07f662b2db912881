<?php

namespace SyncWarden\Tests\Doubles;

/**
 * A hand-written stand-in for Bookly (plugin `bookly-responsive-appointment-booking-tool`, free),
 * written from its 27.4 source; no code or data of it is copied. Bookly fires no booking hooks,
 * so this double only writes rows the way Bookly's entities do; the source finds them by polling.
 * Bookly's own DDL (InnoDB, foreign keys, ENUMs) needs MySQL/MariaDB; these reduced tables keep
 * the columns the source reads and take the SQLite translator too:
 *
 * - `{prefix}bookly_appointments` (lib/Installer.php:792-830), `{prefix}bookly_customer_appointments`
 *   (:898-955), `{prefix}bookly_customers` (:752-780), `{prefix}bookly_services` (:594-649);
 * - a new appointment: Appointment::save() sets created_at and updated_at to current_time( 'mysql' )
 *   (lib/entities/Appointment.php:924-927), start_date / end_date in the site's time, then
 *   Appointment::saveCustomerAppointments() saves each customer appointment with created_at
 *   (:213) and CustomerAppointment::save() sets its updated_at (lib/entities/CustomerAppointment.php:1072-1073);
 * - a new time: Appointment::save() of a loaded appointment with changed fields sets updated_at
 *   (Appointment.php:928-929); the customer appointments are not touched;
 * - a status change (CustomerAppointment::cancel() :206-225 sets cancelled and saves; the admin's
 *   status change saves the same way): status_changed_at and updated_at set (:1062-1063, :1074-1075),
 *   the appointment row not touched;
 * - a delete: Appointment::delete() deletes its customer appointments, then its own row
 *   (Appointment.php:941-960).
 */
final class BooklyDouble {

	public const PLUGIN = 'bookly-responsive-appointment-booking-tool/main.php';

	public static function create_tables(): void {
		global $wpdb;
		$wpdb->query( "CREATE TABLE IF NOT EXISTS {$wpdb->prefix}bookly_services ( id INT UNSIGNED NOT NULL AUTO_INCREMENT, title VARCHAR(255) DEFAULT '', duration INT NOT NULL DEFAULT 900, PRIMARY KEY (id) )" );
		$wpdb->query( "CREATE TABLE IF NOT EXISTS {$wpdb->prefix}bookly_customers ( id INT UNSIGNED NOT NULL AUTO_INCREMENT, full_name VARCHAR(128) NOT NULL DEFAULT '', first_name VARCHAR(64) NOT NULL DEFAULT '', last_name VARCHAR(64) NOT NULL DEFAULT '', phone VARCHAR(32) NOT NULL DEFAULT '', email VARCHAR(128) NOT NULL DEFAULT '', created_at DATETIME NOT NULL, PRIMARY KEY (id) )" );
		$wpdb->query( "CREATE TABLE IF NOT EXISTS {$wpdb->prefix}bookly_appointments ( id INT UNSIGNED NOT NULL AUTO_INCREMENT, staff_id INT UNSIGNED NOT NULL, service_id INT UNSIGNED DEFAULT NULL, custom_service_name VARCHAR(255) DEFAULT NULL, start_date DATETIME DEFAULT NULL, end_date DATETIME DEFAULT NULL, extras_duration INT NOT NULL DEFAULT 0, google_event_id VARCHAR(255) DEFAULT NULL, outlook_event_id VARCHAR(255) DEFAULT NULL, created_at DATETIME NOT NULL, updated_at DATETIME NOT NULL, PRIMARY KEY (id) )" );
		$wpdb->query( "CREATE TABLE IF NOT EXISTS {$wpdb->prefix}bookly_customer_appointments ( id INT UNSIGNED NOT NULL AUTO_INCREMENT, customer_id INT UNSIGNED NOT NULL, appointment_id INT UNSIGNED NOT NULL, number_of_persons INT UNSIGNED NOT NULL DEFAULT 1, status VARCHAR(255) NOT NULL DEFAULT 'approved', status_changed_at DATETIME NULL, created_at DATETIME NOT NULL, updated_at DATETIME NOT NULL, PRIMARY KEY (id) )" );
	}

	/**
	 * An appointment with one customer, as a booking through Bookly's form saves it.
	 *
	 * @param string      $start   Y-m-d H:i:s, site-local.
	 * @param int         $minutes Duration.
	 * @param string      $status  The customer appointment's status.
	 * @param string|null $saved   The wall-clock time of the save (default: now).
	 * @return int Appointment id.
	 */
	public static function book( string $start, int $minutes, string $status = 'approved', ?string $saved = null ): int {
		global $wpdb;
		$saved = $saved ?? current_time( 'mysql' );
		$wpdb->insert( "{$wpdb->prefix}bookly_services", array( 'title' => 'Haircut', 'duration' => 60 * $minutes ) );
		$service = (int) $wpdb->insert_id;
		$wpdb->insert( "{$wpdb->prefix}bookly_customers", array( 'full_name' => 'Ada Lovelace', 'first_name' => 'Ada', 'last_name' => 'Lovelace', 'phone' => '+44 20 7946 0000', 'email' => 'ada@example.test', 'created_at' => $saved ) );
		$customer = (int) $wpdb->insert_id;
		$wpdb->insert( "{$wpdb->prefix}bookly_appointments", array( 'staff_id' => 1, 'service_id' => $service, 'start_date' => $start, 'end_date' => self::plus( $start, $minutes ), 'created_at' => $saved, 'updated_at' => $saved ) );
		$appointment = (int) $wpdb->insert_id;
		$wpdb->insert( "{$wpdb->prefix}bookly_customer_appointments", array( 'customer_id' => $customer, 'appointment_id' => $appointment, 'status' => $status, 'status_changed_at' => $saved, 'created_at' => $saved, 'updated_at' => $saved ) );
		return $appointment;
	}

	public static function reschedule( int $id, string $start, int $minutes ): void {
		global $wpdb;
		$wpdb->update( "{$wpdb->prefix}bookly_appointments", array( 'start_date' => $start, 'end_date' => self::plus( $start, $minutes ), 'updated_at' => current_time( 'mysql' ) ), array( 'id' => $id ) );
	}

	public static function set_status( int $id, string $status ): void {
		global $wpdb;
		$now = current_time( 'mysql' );
		$wpdb->update( "{$wpdb->prefix}bookly_customer_appointments", array( 'status' => $status, 'status_changed_at' => $now, 'updated_at' => $now ), array( 'appointment_id' => $id ) );
	}

	public static function delete( int $id ): void {
		global $wpdb;
		$wpdb->delete( "{$wpdb->prefix}bookly_customer_appointments", array( 'appointment_id' => $id ) );
		$wpdb->delete( "{$wpdb->prefix}bookly_appointments", array( 'id' => $id ) );
	}

	/** A wall-clock time some minutes later (Bookly adds the service's duration the same way). */
	public static function plus( string $at, int $minutes ): string {
		return gmdate( 'Y-m-d H:i:s', strtotime( "$at UTC" ) + 60 * $minutes );
	}
}
