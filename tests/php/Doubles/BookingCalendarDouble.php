<?php

namespace SyncWarden\Tests\Doubles;

/**
 * A hand-written stand-in for Booking Calendar (plugin `booking`), written from its 11.4.3 source
 * (WordPressBugBounty/plugins-booking, commit "11.4.3"); no code or data of it is copied. It
 * keeps the plugin's two tables and fires its hooks in the plugin's order with the plugin's
 * argument shapes:
 *
 * - tables: `{prefix}booking` (core/wpbc-activation.php:243) and `{prefix}bookingdates`
 *   (core/wpbc-activation.php:349), reduced to the columns the source reads;
 * - `wpbc_track_new_booking( $params )` / `wpbc_track_edit_booking( $params )` after the rows are
 *   written, $params with booking_id, resource_id, str_dates__dd_mm_yyyy, times_array, is_edit_booking
 *   (includes/_capacity/create_booking.php:690-751);
 * - bookings page: `wpbc_booking_action__approved( $booking_id_csd, $is_approve_or_pending )` after
 *   the UPDATE (includes/page-bookings/bookings__actions.php:713-731), `wpbc_booking_action__trash(
 *   $booking_is_csd, $is_trash_or_restore )` after the UPDATE (:580-602), `wpbc_booking_action__delete(
 *   $booking_is_csd )` BEFORE the rows are deleted (:810, DELETEs at :822-831);
 * - older AJAX handlers: `wpbc_booking_approved( $approved_id_str, $is_approve_or_pending )`
 *   (core/lib/wpbc-ajax.php:107), `wpbc_booking_trash( $booking_id, $is_trash )` (:180),
 *   `wpbc_booking_delete( $approved_id_str )` (:272); auto-approval fires `wpbc_booking_approved(
 *   $booking_id, 1 )` BEFORE the row is approved (core/wpbc_functions.php:1382, update at :1396).
 *   Ids are strings, a list comma-separated; times are site-local, :01 seconds marking the
 *   check-in and :02 the check-out.
 */
final class BookingCalendarDouble {

	public const PLUGIN = 'booking/wpdev-booking.php';

	public static function create_tables(): void {
		global $wpdb;
		$wpdb->query( "CREATE TABLE IF NOT EXISTS {$wpdb->prefix}booking ( booking_id bigint(20) unsigned NOT NULL auto_increment, booking_type bigint(10) NOT NULL default 1, form TEXT, status varchar(200) NOT NULL default '', is_new bigint(10) NOT NULL default 1, sync_gid varchar(200) NOT NULL default '', trash bigint(10) NOT NULL default 0, is_trash datetime, sort_date datetime, modification_date datetime, PRIMARY KEY  (booking_id) )" );
		$wpdb->query( "CREATE TABLE IF NOT EXISTS {$wpdb->prefix}bookingdates ( booking_dates_id bigint(20) unsigned NOT NULL auto_increment, booking_id bigint(20) unsigned NOT NULL, booking_date datetime NOT NULL, approved bigint(20) unsigned NOT NULL default 0, PRIMARY KEY  (booking_dates_id) )" );
	}

	/** A visitor's booking through the front-end form; returns its id. */
	public static function book( array $dates, string $form, bool $approved = false, string $sync_gid = '' ): int {
		global $wpdb;
		$wpdb->insert( "{$wpdb->prefix}booking", array( 'form' => $form, 'booking_type' => 1, 'sync_gid' => $sync_gid, 'sort_date' => $dates[0], 'modification_date' => gmdate( 'Y-m-d H:i:s' ) ) );
		$id = (int) $wpdb->insert_id;
		self::write_dates( $id, $dates, $approved );
		do_action( 'wpbc_track_new_booking', self::params( $id, $dates, $form, 0 ) );
		return $id;
	}

	/** An administrator edits the booking's dates (the edit form re-saves every date row). */
	public static function edit( int $id, array $dates ): void {
		global $wpdb;
		$approved = (bool) $wpdb->get_var( $wpdb->prepare( "SELECT MIN(approved) FROM {$wpdb->prefix}bookingdates WHERE booking_id = %d", $id ) );
		$wpdb->delete( "{$wpdb->prefix}bookingdates", array( 'booking_id' => $id ) );
		self::write_dates( $id, $dates, $approved );
		$form = (string) $wpdb->get_var( $wpdb->prepare( "SELECT form FROM {$wpdb->prefix}booking WHERE booking_id = %d", $id ) );
		do_action( 'wpbc_track_edit_booking', self::params( $id, $dates, $form, 1 ) );
	}

	/** Approve (or set pending) on the bookings page: both hook generations, ids as "12,13". */
	public static function approve( array $ids, bool $approve = true ): void {
		global $wpdb;
		$csd = implode( ',', array_map( 'intval', $ids ) );
		$wpdb->query( $wpdb->prepare( "UPDATE {$wpdb->prefix}bookingdates SET approved = %s WHERE booking_id IN ($csd)", $approve ? '1' : '0' ) ); // phpcs:ignore
		do_action( 'wpbc_booking_action__approved', $csd, $approve ? '1' : '0' );
		do_action( 'wpbc_booking_approved', $csd, $approve ? '1' : '0' );
	}

	/** Auto-approval: the legacy hook fires before the row is approved. */
	public static function auto_approve( int $id ): void {
		global $wpdb;
		do_action( 'wpbc_booking_approved', (string) $id, 1 );
		$wpdb->update( "{$wpdb->prefix}bookingdates", array( 'approved' => 1 ), array( 'booking_id' => $id ) );
	}

	/** Booking Calendar's "cancel": move to trash (or restore), both generations. */
	public static function trash( array $ids, bool $trash = true ): void {
		global $wpdb;
		$csd = implode( ',', array_map( 'intval', $ids ) );
		$wpdb->query( $wpdb->prepare( "UPDATE {$wpdb->prefix}booking SET trash = %s WHERE booking_id IN ($csd)", $trash ? '1' : '0' ) ); // phpcs:ignore
		do_action( 'wpbc_booking_action__trash', $csd, $trash ? '1' : '0' );
		do_action( 'wpbc_booking_trash', $csd, $trash ? '1' : '0' );
	}

	/** Delete on the bookings page: hook first, rows deleted after it. */
	public static function delete( array $ids ): void {
		$csd = implode( ',', array_map( 'intval', $ids ) );
		do_action( 'wpbc_booking_action__delete', $csd );
		self::remove_rows( $csd );
	}

	/** The rows go first and only then a hook arrives (e.g. the legacy one from another request). */
	public static function delete_rows_then_hook( array $ids ): void {
		$csd = implode( ',', array_map( 'intval', $ids ) );
		self::remove_rows( $csd );
		do_action( 'wpbc_booking_delete', $csd );
	}

	/** A form as the plugin stores it: type^name<resource>^value joined by ~. */
	public static function form( string $name, string $second, string $email, string $phone = '' ): string {
		return implode( '~', array( "text^name1^$name", "text^secondname1^$second", "email^email1^$email", "text^phone1^$phone", 'textarea^details1^Window seat' ) );
	}

	private static function remove_rows( string $csd ): void {
		global $wpdb;
		$wpdb->query( "DELETE FROM {$wpdb->prefix}bookingdates WHERE booking_id IN ($csd)" ); // phpcs:ignore
		$wpdb->query( "DELETE FROM {$wpdb->prefix}booking WHERE booking_id IN ($csd)" ); // phpcs:ignore
	}

	private static function write_dates( int $id, array $dates, bool $approved ): void {
		global $wpdb;
		foreach ( $dates as $date ) {
			$wpdb->insert( "{$wpdb->prefix}bookingdates", array( 'booking_id' => $id, 'booking_date' => $date, 'approved' => $approved ? 1 : 0 ) );
		}
	}

	private static function params( int $id, array $dates, string $form, int $edit ): array {
		return array(
			'str_dates__dd_mm_yyyy' => implode( ',', array_map( static fn( $d ) => gmdate( 'd.m.Y', strtotime( $d ) ), $dates ) ),
			'booking_id'            => $id,
			'resource_id'           => 1,
			'initial_resource_id'   => 1,
			'form_data'             => $form,
			'times_array'           => array(),
			'is_edit_booking'       => $edit,
			'custom_form'           => '',
			'is_duplicate_booking'  => 0,
			'is_from_admin_panel'   => false,
			'is_show_payment_form'  => 1,
		);
	}
}
