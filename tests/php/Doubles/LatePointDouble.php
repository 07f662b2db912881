<?php

namespace SyncWarden\Tests\Doubles;

/**
 * A hand-written stand-in for LatePoint (plugin `latepoint`), written from its 5.6.5 source
 * (WordPressBugBounty/plugins-latepoint, commit "5.6.5"); no code or data of it is copied:
 *
 * - tables `{prefix}latepoint_bookings` (lib/helpers/database_helper.php:459), `{prefix}latepoint_customers`
 *   (:763) and `{prefix}latepoint_services`, reduced to the columns the source reads; statuses
 *   approved, pending, payment_pending, cancelled, no_show, completed (latepoint.php:450-465);
 * - `latepoint_booking_created( $booking )` after save() (lib/helpers/steps_helper.php:2386);
 * - `latepoint_booking_updated( $booking, $old_booking )` after update_status() writes the row
 *   (lib/models/booking_model.php:1209); the admin order form fires `latepoint_booking_updated` and
 *   then `latepoint_booking_change_status( $booking, $old_booking )` (lib/controllers/orders_controller.php:385-387);
 * - `latepoint_booking_will_be_deleted( $id )` before delete() and `latepoint_booking_deleted( $id )`
 *   after it (lib/controllers/bookings_controller.php:530-540);
 * - the customer's reschedule form saves the new local date and minutes and then fires
 *   `latepoint_booking_updated` (lib/controllers/manage_booking_by_key_controller.php:160-194); the UTC
 *   columns are refreshed by set_utc_datetimes(), which returns without touching them when a time
 *   is 0 (lib/models/booking_model.php:266-269).
 *
 * The model passed is an object with public properties like OsBookingModel's (id, status, ...).
 */
final class LatePointDouble {

	public const PLUGIN = 'latepoint/latepoint.php';

	public static function create_tables(): void {
		global $wpdb;
		$wpdb->query( "CREATE TABLE IF NOT EXISTS {$wpdb->prefix}latepoint_bookings ( id int(11) NOT NULL AUTO_INCREMENT, booking_code varchar(10), start_date date, end_date date, start_time mediumint(9), end_time mediumint(9), start_datetime_utc datetime, end_datetime_utc datetime, status varchar(30) DEFAULT 'pending' NOT NULL, customer_id mediumint(9) NOT NULL, service_id mediumint(9) NOT NULL, agent_id mediumint(9) NOT NULL, customer_timezone varchar(100), server_timezone varchar(100), created_at datetime, updated_at datetime, PRIMARY KEY  (id) )" );
		$wpdb->query( "CREATE TABLE IF NOT EXISTS {$wpdb->prefix}latepoint_customers ( id mediumint(9) NOT NULL AUTO_INCREMENT, first_name varchar(255), last_name varchar(255), email varchar(320), phone varchar(255), status varchar(50) NOT NULL, PRIMARY KEY  (id) )" );
		$wpdb->query( "CREATE TABLE IF NOT EXISTS {$wpdb->prefix}latepoint_services ( id mediumint(9) NOT NULL AUTO_INCREMENT, name varchar(255) NOT NULL, PRIMARY KEY  (id) )" );
	}

	/** A customer books on the front end: local date and minutes plus their UTC datetimes. */
	public static function book( string $date, int $start_minutes, int $end_minutes, string $status, string $zone = 'Europe/Berlin' ): object {
		global $wpdb;
		$wpdb->insert( "{$wpdb->prefix}latepoint_customers", array( 'first_name' => 'Ada', 'last_name' => 'Lovelace', 'email' => 'ada@example.test', 'phone' => '+44 20 7946 0000', 'status' => 'active' ) );
		$customer = (int) $wpdb->insert_id;
		$wpdb->insert( "{$wpdb->prefix}latepoint_services", array( 'name' => 'Haircut' ) );
		$service = (int) $wpdb->insert_id;
		$wpdb->insert( "{$wpdb->prefix}latepoint_bookings", self::times( $date, $start_minutes, $end_minutes, $zone ) + array( 'status' => $status, 'customer_id' => $customer, 'service_id' => $service, 'agent_id' => 1, 'server_timezone' => $zone, 'customer_timezone' => 'America/New_York' ) );
		$booking = self::model( (int) $wpdb->insert_id );
		do_action( 'latepoint_booking_created', $booking );
		return $booking;
	}

	/** The model's update_status(). */
	public static function update_status( object $booking, string $status ): void {
		global $wpdb;
		$old             = clone $booking;
		$booking->status = $status;
		$wpdb->update( "{$wpdb->prefix}latepoint_bookings", array( 'status' => $status ), array( 'id' => $booking->id ) );
		do_action( 'latepoint_booking_updated', $booking, $old );
	}

	/** The admin order form: new times and status saved, then both hooks. */
	public static function save_from_admin( object $booking, string $date, int $start_minutes, int $end_minutes, string $status ): void {
		global $wpdb;
		$old             = clone $booking;
		$booking->status = $status;
		$wpdb->update( "{$wpdb->prefix}latepoint_bookings", self::times( $date, $start_minutes, $end_minutes, 'Europe/Berlin' ) + array( 'status' => $status ), array( 'id' => $booking->id ) );
		do_action( 'latepoint_booking_updated', $booking, $old );
		do_action( 'latepoint_booking_change_status', $booking, $old );
	}

	/** The customer's reschedule form: a time of 0 (midnight) leaves the UTC columns as they were. */
	public static function reschedule( object $booking, string $date, int $start_minutes, int $end_minutes ): void {
		global $wpdb;
		$old   = clone $booking;
		$times = self::times( $date, $start_minutes, $end_minutes, 'Europe/Berlin' );
		if ( 0 === $start_minutes || 0 === $end_minutes ) {
			unset( $times['start_datetime_utc'], $times['end_datetime_utc'] );
		}
		$wpdb->update( "{$wpdb->prefix}latepoint_bookings", $times, array( 'id' => $booking->id ) );
		do_action( 'latepoint_booking_updated', $booking, $old );
	}

	/**
	 * The blocked periods LatePoint asks for when it builds or checks slots: one (empty) list per
	 * requested day in the site's zone, then `latepoint_blocked_periods_for_range( $grouped,
	 * $filter, $accessed_from_backend )` (lib/helpers/booking_helper.php:306-370).
	 *
	 * @return array<string, \LatePoint\Misc\BlockedPeriod[]>
	 */
	public static function blocked_periods( string $from, string $to ): array {
		require_once __DIR__ . '/latepoint-blocked-period.php';
		$grouped = array();
		for ( $day = new \DateTimeImmutable( $from ); $day->format( 'Y-m-d' ) <= $to; $day = $day->modify( '+1 day' ) ) {
			$grouped[ $day->format( 'Y-m-d' ) ] = array();
		}
		$filter = (object) array( 'date_from' => $from, 'date_to' => $to, 'service_id' => 0, 'agent_id' => 0 );
		return apply_filters( 'latepoint_blocked_periods_for_range', $grouped, $filter, false );
	}

	/** Bulk delete. */
	public static function delete( object $booking ): void {
		global $wpdb;
		do_action( 'latepoint_booking_will_be_deleted', $booking->id );
		$wpdb->delete( "{$wpdb->prefix}latepoint_bookings", array( 'id' => $booking->id ) );
		do_action( 'latepoint_booking_deleted', $booking->id );
	}

	private static function model( int $id ): object {
		global $wpdb;
		return (object) $wpdb->get_row( $wpdb->prepare( "SELECT * FROM {$wpdb->prefix}latepoint_bookings WHERE id = %d", $id ), ARRAY_A );
	}

	private static function times( string $date, int $start, int $end, string $zone ): array {
		$utc = static fn( int $minutes ): string => ( new \DateTimeImmutable( $date, new \DateTimeZone( $zone ) ) )->setTime( intdiv( $minutes, 60 ), $minutes % 60 )->setTimezone( new \DateTimeZone( 'UTC' ) )->format( 'Y-m-d H:i:s' );
		return array( 'start_date' => $date, 'end_date' => $date, 'start_time' => $start, 'end_time' => $end, 'start_datetime_utc' => $utc( $start ), 'end_datetime_utc' => $utc( $end ) );
	}
}
