<?php

namespace SyncWarden\Tests\SourcePlugins\Drivers;

/**
 * Drives the real Booking Calendar (11.4.3) through its own functions (nothing of it is copied):
 *
 * - book: its documented developer API, wpbc_api_booking_add_new() (core/wpbc-dev-api.php:97), then
 *   its own auto-approval, wpbc_auto_approve_booking() (core/wpbc_functions.php:1376);
 * - approve, trash, delete: the Booking Listing page's actions as its AJAX handler calls them
 *   (includes/page-bookings/bookings__actions.php:122-160: set_booking_approved,
 *   move_booking_to_trash, delete_booking_completely, for the current user with no reason).
 */
final class BookingCalendarDriver {

	public const PLUGIN = 'booking/wpdev-booking.php';

	/**
	 * @param string $date  Y-m-d.
	 * @param string $times "HH:MM - HH:MM", site-local.
	 * @param string $email The visitor's address.
	 */
	public static function book( string $date, string $times, string $email ): array {
		$id = wpbc_api_booking_add_new(
			array( $date ),
			array(
				'name'       => array( 'value' => 'Ada', 'type' => 'text' ),
				'secondname' => array( 'value' => 'Lovelace', 'type' => 'text' ),
				'email'      => array( 'value' => $email, 'type' => 'email' ),
				'rangetime'  => array( 'value' => $times, 'type' => 'selectbox-one' ),
			),
			1,
			array( 'is_send_emeils' => 0, 'save_booking_even_if_unavailable' => 1 )
		);
		if ( is_wp_error( $id ) ) {
			throw new \RuntimeException( $id->get_error_message() );
		}
		wpbc_auto_approve_booking( $id );
		return array( 'id' => (int) $id );
	}

	public static function approve( string $id ): array {
		return self::listing_action( wpbc_booking_do_action__set_booking_approved_or_pending( $id, self::params() + array( 'is_approve' => '1' ) ), $id );
	}

	public static function trash( string $id ): array {
		return self::listing_action( wpbc_booking_do_action__trash_booking_or_restore( $id, self::params() + array( 'is_trash' => '1' ) ), $id );
	}

	public static function delete( string $id ): array {
		return self::listing_action( wpbc_booking_do_action__delete_booking_completely( $id, self::params() ), $id );
	}

	/** What the Booking Listing's AJAX handler passes (bookings__actions.php:114-160). */
	private static function params(): array {
		return array(
			'user_id'          => get_current_user_id(),
			'reason_of_action' => '',
		);
	}

	/**
	 * @param array  $result The action's answer (after_action_result, after_action_message).
	 * @param string $id     Booking id.
	 */
	private static function listing_action( array $result, string $id ): array {
		if ( empty( $result['after_action_result'] ) ) {
			throw new \RuntimeException( wp_strip_all_tags( (string) ( $result['after_action_message'] ?? '' ) ) );
		}
		return array( 'id' => (int) $id );
	}
}
