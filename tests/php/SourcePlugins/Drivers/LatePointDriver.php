<?php

namespace SyncWarden\Tests\SourcePlugins\Drivers;

/**
 * Drives the real LatePoint (5.6.5) through its own models, in the steps its own code takes
 * (lib/ of the plugin; nothing of it is copied here):
 *
 * - book: an order and its order item as its create-booking ability makes them
 *   (lib/abilities/bookings/create-booking.php:70-80), then the booking saved, the order item's
 *   data filled from it and `latepoint_booking_created` fired as the admin order form does
 *   (lib/controllers/orders_controller.php:370-391), with the UTC columns set as
 *   OsOrdersHelper::create_booking_object_from_booking_data_form() sets them (lib/helpers/orders_helper.php:285);
 * - reschedule: the manage-booking form's new date and start, end recalculated, UTC columns set,
 *   saved, `latepoint_booking_updated` (lib/controllers/manage_booking_by_key_controller.php:160-194);
 * - cancel: OsBookingHelper::change_booking_status(), which fires `latepoint_booking_updated` twice
 *   (lib/helpers/booking_helper.php:1297-1308 and lib/models/booking_model.php:1209);
 * - delete: the bookings page's bulk delete (lib/controllers/bookings_controller.php:530-540).
 *
 * Times are the site's local date and minutes after midnight, as LatePoint keeps them.
 */
final class LatePointDriver {

	public const PLUGIN = 'latepoint/latepoint.php';

	public static function book( string $date, string $start, string $end ): array {
		$customer = self::saved( new \OsCustomerModel(), array( 'first_name' => 'Ada', 'last_name' => 'Lovelace', 'email' => Addresses::fresh( 'ada' ), 'phone' => '+442079460000' ) );
		$service  = self::saved( new \OsServiceModel(), array( 'name' => 'Consultation', 'duration' => (int) $end - (int) $start, 'status' => 'active' ) );
		$agent    = self::saved( new \OsAgentModel(), array( 'first_name' => 'Grace', 'last_name' => 'Hopper', 'email' => Addresses::fresh( 'grace' ), 'status' => 'active' ) );
		$order    = self::saved( new \OsOrderModel(), array( 'customer_id' => $customer->id, 'status' => LATEPOINT_ORDER_STATUS_OPEN ) );
		$item     = new \OsOrderItemModel();
		$item->order_id = $order->id;
		$item->variant  = LATEPOINT_ITEM_VARIANT_BOOKING;
		self::saved( $item, array() );
		$booking = new \OsBookingModel();
		$booking->set_data(
			array(
				'service_id'  => $service->id,
				'agent_id'    => $agent->id,
				'customer_id' => $customer->id,
				'location_id' => \OsLocationHelper::get_default_location()->id,
				'start_date'  => $date,
				'end_date'    => $date,
				'start_time'  => (int) $start,
				'end_time'    => (int) $end,
				'status'      => LATEPOINT_BOOKING_STATUS_APPROVED,
			)
		);
		$booking->order_item_id = $item->id;
		$booking->set_utc_datetimes();
		self::saved( $booking, array() );
		$item->item_data = $booking->generate_item_data();
		$item->recalculate_prices();
		$item->save();
		do_action( 'latepoint_booking_created', $booking );
		return array( 'id' => (int) $booking->id );
	}

	public static function reschedule( string $id, string $date, string $start ): array {
		$booking             = new \OsBookingModel( (int) $id );
		$old_booking         = clone $booking;
		$booking->start_date = $date;
		$booking->start_time = (int) $start;
		$booking->calculate_end_date_and_time();
		$booking->set_utc_datetimes();
		self::saved( $booking, array() );
		do_action( 'latepoint_booking_updated', $booking, $old_booking );
		return array( 'id' => (int) $id );
	}

	/**
	 * Whether LatePoint would take a booking at a time: a new service and agent that offers it
	 * (OsConnectorHelper::save_connection(), lib/helpers/connector_helper.php:182) in LatePoint's
	 * default working hours (8:00-17:00, lib/helpers/work_periods_helper.php:434), asked the way
	 * its booking steps ask (OsBookingHelper::is_booking_request_available(),
	 * lib/helpers/booking_helper.php:526).
	 *
	 * @param string $date    Y-m-d, site-local.
	 * @param string $start   Minutes from midnight.
	 * @param string $minutes Duration.
	 */
	public static function available( string $date, string $start, string $minutes ): array {
		$service  = self::saved( new \OsServiceModel(), array( 'name' => 'Consultation', 'duration' => (int) $minutes, 'status' => 'active' ) );
		$agent    = self::saved( new \OsAgentModel(), array( 'first_name' => 'Grace', 'last_name' => 'Hopper', 'email' => Addresses::fresh( 'grace' ), 'status' => 'active' ) );
		$location = \OsLocationHelper::get_default_location()->id;
		\OsConnectorHelper::save_connection( array( 'agent_id' => $agent->id, 'service_id' => $service->id, 'location_id' => $location ) );
		$request = new \LatePoint\Misc\BookingRequest(
			array(
				'start_date'  => $date,
				'end_date'    => $date,
				'start_time'  => (int) $start,
				'end_time'    => (int) $start + (int) $minutes,
				'duration'    => (int) $minutes,
				'service_id'  => $service->id,
				'agent_id'    => $agent->id,
				'location_id' => $location,
			)
		);
		return array( 'available' => \OsBookingHelper::is_booking_request_available( $request ) );
	}

	public static function cancel( string $id ): array {
		if ( ! \OsBookingHelper::change_booking_status( (int) $id, LATEPOINT_BOOKING_STATUS_CANCELLED ) ) {
			throw new \RuntimeException( 'LatePoint did not cancel booking ' . $id );
		}
		return array( 'id' => (int) $id );
	}

	public static function delete( string $id ): array {
		$booking = new \OsBookingModel( (int) $id );
		do_action( 'latepoint_booking_will_be_deleted', (int) $id );
		if ( ! $booking->delete() ) {
			throw new \RuntimeException( 'LatePoint did not delete booking ' . $id );
		}
		do_action( 'latepoint_booking_deleted', (int) $id );
		return array( 'id' => (int) $id );
	}

	/**
	 * A model with the data set (as its admin forms set it) and saved, or an exception naming
	 * LatePoint's own validation errors.
	 *
	 * @param \OsModel $model Model.
	 * @param array    $data  Data.
	 */
	private static function saved( \OsModel $model, array $data ): \OsModel {
		if ( $data ) {
			$model->set_data( $data );
		}
		if ( ! $model->save() ) {
			throw new \RuntimeException( get_class( $model ) . ' not saved: ' . implode( '; ', (array) $model->get_error_messages() ) );
		}
		return $model;
	}
}
