<?php

namespace SyncWarden\Tests\Doubles;

/**
 * A hand-written stand-in for FluentBooking (plugin `fluent-booking`), written from its 2.1.0
 * source (WordPressBugBounty/plugins-fluent-booking, commit "2.1.0"); no code or data of it is copied:
 *
 * - tables `{prefix}fcal_bookings` (database/Migrations/BookingMigrator.php, start_time/end_time
 *   TIMESTAMP in UTC, person_time_zone, first_name, last_name, email, phone, status default
 *   'scheduled') and `{prefix}fcal_calendar_events` (CalendarSlotsMigrator.php, title), reduced;
 * - new booking: `fluent_booking/after_booking_<status>( $booking, $calendar_slot, $booking_data )`
 *   (app/Services/BookingService.php:81);
 * - the host sets a status: row saved, then `booking_schedule_<status>( $booking, $event )`,
 *   `pre_after_booking_<status>`, `after_booking_<status>( $booking, $event, $booking )` and
 *   `after_patch_booking_schedule( $booking, $old )` (app/Http/Controllers/SchedulesController.php:312-325);
 * - reschedule from the web UI: row saved, then `after_booking_rescheduled( $booking, $previous, $event )`
 *   (app/Hooks/Handlers/FrontEndHandler.php:505-522);
 * - delete: `before_delete_booking( $booking )`, the row deleted, `after_delete_booking( $id )`
 *   (app/Hooks/Handlers/CleanupHandlers/CalenderEventCleaner.php:31-33).
 *
 * The Booking model is an object with public properties (id, status, start_time, ...).
 */
final class FluentBookingDouble {

	public const PLUGIN = 'fluent-booking/fluent-booking.php';

	public static function create_tables(): void {
		global $wpdb;
		$wpdb->query( "CREATE TABLE IF NOT EXISTS {$wpdb->prefix}fcal_bookings ( id BIGINT(20) UNSIGNED NOT NULL PRIMARY KEY AUTO_INCREMENT, calendar_id BIGINT(20) UNSIGNED NOT NULL, event_id BIGINT(20) UNSIGNED NOT NULL, person_time_zone VARCHAR(100) NULL, start_time TIMESTAMP NULL, end_time TIMESTAMP NULL, slot_minutes INT(11) UNSIGNED NOT NULL, first_name VARCHAR(192) NULL, last_name VARCHAR(192) NULL, email VARCHAR(192) NULL, phone VARCHAR(100) NULL, status VARCHAR(20) NOT NULL DEFAULT 'scheduled' )" );
		$wpdb->query( "CREATE TABLE IF NOT EXISTS {$wpdb->prefix}fcal_calendar_events ( id BIGINT(20) UNSIGNED NOT NULL PRIMARY KEY AUTO_INCREMENT, title VARCHAR(192) NOT NULL )" );
	}

	/** A person books a slot; times in UTC as FluentBooking stores them. */
	public static function book( string $start_utc, int $minutes, string $status = 'scheduled' ): object {
		global $wpdb;
		$wpdb->insert( "{$wpdb->prefix}fcal_calendar_events", array( 'title' => 'Intro call' ) );
		$event = (int) $wpdb->insert_id;
		$wpdb->insert( "{$wpdb->prefix}fcal_bookings", array( 'calendar_id' => 1, 'event_id' => $event, 'person_time_zone' => 'America/New_York', 'start_time' => $start_utc, 'end_time' => gmdate( 'Y-m-d H:i:s', strtotime( "$start_utc UTC" ) + 60 * $minutes ), 'slot_minutes' => $minutes, 'first_name' => 'Ada', 'last_name' => 'Lovelace', 'email' => 'ada@example.test', 'status' => $status ) );
		$booking = self::model( (int) $wpdb->insert_id );
		do_action( 'fluent_booking/after_booking_' . $status, $booking, (object) array( 'id' => $event ), array() );
		return $booking;
	}

	/** The host changes the status in the admin (SchedulesController::patchBooking). */
	public static function set_status( object $booking, string $status ): void {
		global $wpdb;
		$old = clone $booking;
		$wpdb->update( "{$wpdb->prefix}fcal_bookings", array( 'status' => $status ), array( 'id' => $booking->id ) );
		$booking = self::model( (int) $booking->id );
		do_action( 'fluent_booking/booking_schedule_' . $status, $booking, null );
		do_action( 'fluent_booking/pre_after_booking_' . $status, $booking, null );
		do_action( 'fluent_booking/after_booking_' . $status, $booking, null, $booking );
		do_action( 'fluent_booking/after_patch_booking_schedule', $booking, $old );
	}

	/** The person reschedules. */
	public static function reschedule( object $booking, string $start_utc, int $minutes ): void {
		global $wpdb;
		$previous = clone $booking;
		$wpdb->update( "{$wpdb->prefix}fcal_bookings", array( 'start_time' => $start_utc, 'end_time' => gmdate( 'Y-m-d H:i:s', strtotime( "$start_utc UTC" ) + 60 * $minutes ) ), array( 'id' => $booking->id ) );
		do_action( 'fluent_booking/after_booking_rescheduled', self::model( (int) $booking->id ), $previous, null );
	}

	public static function delete( object $booking ): void {
		global $wpdb;
		do_action( 'fluent_booking/before_delete_booking', $booking );
		$wpdb->delete( "{$wpdb->prefix}fcal_bookings", array( 'id' => $booking->id ) );
		do_action( 'fluent_booking/after_delete_booking', $booking->id );
	}

	private static function model( int $id ): object {
		global $wpdb;
		return (object) $wpdb->get_row( $wpdb->prepare( "SELECT * FROM {$wpdb->prefix}fcal_bookings WHERE id = %d", $id ), ARRAY_A );
	}

	/**
	 * The remote booked slots FluentBooking collects while it lists slots: the range in UTC and
	 * the slots in UTC (app/Services/TimeSlotService.php:35, :263-294).
	 *
	 * @return array<int, array{start: string, end: string, source: string}>
	 */
	public static function remote_booked_events( string $from_utc, string $to_utc, string $zone = 'UTC' ): array {
		return apply_filters( 'fluent_booking/remote_booked_events', array(), null, $zone, array( $from_utc, $to_utc ), null, false );
	}
}
