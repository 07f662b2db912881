<?php
/**
 * SyncWarden's public PHP API for booking plugins.
 *
 * Push bookings in, change or cancel them, read them back; listen to `syncwarden_booking_saved`
 * ( array $booking, string $event ) to hear about every booking SyncWarden stores. Times are
 * RFC 3339 strings with an offset; invalid input returns a WP_Error naming each bad field.
 *
 * @package SyncWarden
 */

defined( 'ABSPATH' ) || exit;

/**
 * Adds a booking.
 *
 * @param array  $booking title, start, end, timezone, status, customer_name, customer_email,
 *                        customer_phone, notes.
 * @param string $source  Your plugin's slug, shown as the booking's source.
 * @return array|WP_Error The stored booking (with its id) or what was wrong.
 */
function syncwarden_push_booking( array $booking, string $source = 'api' ) {
	return SyncWarden\Plugin::bookings()->create( $booking, $source );
}

/**
 * Changes some fields of a booking.
 *
 * @param int   $id      Booking id.
 * @param array $changes Fields to change (same names as syncwarden_push_booking()).
 * @return array|WP_Error
 */
function syncwarden_update_booking( int $id, array $changes ) {
	return SyncWarden\Plugin::bookings()->update( $id, $changes );
}

/**
 * Cancels a booking (it stays, marked cancelled, so connected calendars can be told).
 *
 * @param int $id Booking id.
 * @return array|WP_Error
 */
function syncwarden_cancel_booking( int $id ) {
	return SyncWarden\Plugin::bookings()->update( $id, array( 'status' => 'cancelled' ) );
}
