<?php

namespace SyncWarden\Tests\SourcePlugins\Drivers;

use AmeliaBooking\Application\Controller\Bookable\Service\AddServiceController;
use AmeliaBooking\Application\Controller\Booking\Appointment\AddAppointmentController;
use AmeliaBooking\Application\Controller\Booking\Appointment\DeleteAppointmentController;
use AmeliaBooking\Application\Controller\Booking\Appointment\DeleteBookingController;
use AmeliaBooking\Application\Controller\Booking\Appointment\UpdateAppointmentStatusController;
use AmeliaBooking\Application\Controller\Booking\Appointment\UpdateAppointmentTimeController;
use AmeliaBooking\Application\Controller\Booking\Appointment\UpdateBookingStatusController;
use AmeliaBooking\Application\Controller\User\Customer\AddCustomerController;
use AmeliaBooking\Application\Controller\User\Provider\AddProviderController;
use AmeliaBooking\Application\Controller\User\Provider\GetProvidersController;
use AmeliaBooking\Infrastructure\WP\MCP\AmeliaAbilitiesRegistrar;

/**
 * Drives the real Amelia Lite (2.4.3) through its own controllers, the ones its admin API routes
 * call (src/Infrastructure/Routes/User/User.php:46,63, Routes/Bookable/Service.php:36,
 * Routes/Booking/Appointment/Appointment.php:39-49, and for one customer booking of an appointment
 * Routes/Booking/Booking.php:41,47): requests go through Amelia's own
 * AmeliaAbilitiesRegistrar::invokeApplication() (src/Infrastructure/WP/MCP/AmeliaAbilitiesRegistrar.php:104-143),
 * which its abilities use so that the command handler runs and the success event fires its hooks
 * as for an admin-ajax call. Nothing of Amelia is copied here; it is extended only to reach that
 * protected method. Parameters are those its abilities send (AmeliaAbilitiesRegistrar.php:866-884
 * service, :955-967 customer, :1063-1080 appointment) plus an employee who works every day, since
 * Amelia refuses a time its employee does not work. Times are the site's local time, as its admin
 * sends them.
 */
final class AmeliaDriver extends AmeliaAbilitiesRegistrar {

	public const PLUGIN = 'ameliabooking/ameliabooking.php';

	/**
	 * @param string $start   Y-m-d H:i, site-local.
	 * @param string $minutes Duration.
	 * @param string $status  The customer booking's status: approved or pending.
	 * @return array{id: int, booking: int} The appointment and its customer booking.
	 */
	public static function book( string $start, string $minutes, string $status = 'approved' ): array {
		$provider = self::employee();
		$service  = self::call( AddServiceController::class, array( 'name' => 'Massage', 'categoryId' => 1, 'duration' => 60 * (int) $minutes, 'price' => 0, 'minCapacity' => 1, 'maxCapacity' => 1, 'providers' => array( $provider ), 'color' => '#1788FB', 'status' => 'visible', 'show' => true, 'description' => '', 'depositPayment' => 'disabled', 'recurringCycle' => 'disabled', 'recurringSub' => 'future', 'recurringPayment' => 0, 'deposit' => 0 ) )['service']['id'];
		$customer = self::call( AddCustomerController::class, array( 'firstName' => 'Ada', 'lastName' => 'Lovelace', 'email' => Addresses::fresh( 'ada' ), 'externalId' => null, 'type' => 'customer', 'status' => 'visible' ) )['user']['id'];
		$added    = self::call( AddAppointmentController::class, array( 'serviceId' => $service, 'providerId' => $provider, 'bookingStart' => $start, 'notifyParticipants' => 0, 'internalNotes' => '', 'locationId' => null, 'recurring' => array(), 'bookings' => array( array( 'customerId' => $customer, 'persons' => 1, 'status' => $status, 'duration' => 60 * (int) $minutes ) ) ) );
		return array(
			'id'      => (int) $added['appointment']['id'],
			'booking' => (int) $added['appointment']['bookings'][0]['id'],
		);
	}

	/**
	 * @param string $id    Appointment id.
	 * @param string $start Y-m-d H:i, site-local.
	 */
	public static function reschedule( string $id, string $start ): array {
		self::call( UpdateAppointmentTimeController::class, array( 'bookingStart' => $start ), array( 'id' => (int) $id ) );
		return array( 'id' => (int) $id );
	}

	public static function cancel( string $id ): array {
		self::call( UpdateAppointmentStatusController::class, array( 'status' => 'canceled' ), array( 'id' => (int) $id ) );
		return array( 'id' => (int) $id );
	}

	public static function delete( string $id ): array {
		self::call( DeleteAppointmentController::class, array(), array( 'id' => (int) $id ) );
		return array( 'id' => (int) $id );
	}

	/**
	 * @param string $booking Customer booking id.
	 * @param string $status  approved, pending, rejected, canceled, no-show.
	 */
	public static function booking_status( string $booking, string $status ): array {
		self::call( UpdateBookingStatusController::class, array( 'status' => $status ), array( 'id' => (int) $booking ) );
		return array( 'id' => (int) $booking );
	}

	/** @param string $booking Customer booking id; the appointment goes with its only booking. */
	public static function delete_booking( string $booking ): array {
		self::call( DeleteBookingController::class, array(), array( 'id' => (int) $booking ) );
		return array( 'id' => (int) $booking );
	}

	/**
	 * The site's employee, added on first use. Amelia Lite gives a new service to its first
	 * employee whichever is named (a second one would hold appointments of a service it does not
	 * offer, whose approval Amelia then refuses as over capacity).
	 */
	private static function employee(): int {
		$employees = self::call( GetProvidersController::class, array(), array(), 'GET' )['users'] ?? array();
		if ( $employees ) {
			return (int) $employees[0]['id'];
		}
		$days = array_map( static fn( int $day ): array => array( 'dayIndex' => $day, 'startTime' => '07:00:00', 'endTime' => '21:00:00', 'timeOutList' => array(), 'periodList' => array() ), range( 1, 7 ) );
		return (int) self::call( AddProviderController::class, array( 'type' => 'provider', 'status' => 'visible', 'firstName' => 'Grace', 'lastName' => 'Hopper', 'email' => Addresses::fresh( 'grace' ), 'externalId' => null, 'weekDayList' => $days, 'serviceList' => array(), 'specialDayList' => array(), 'timeOutList' => array(), 'periodList' => array(), 'dayOffList' => array() ) )['user']['id'];
	}

	/**
	 * One controller call; Amelia's refusal becomes an exception in its own words.
	 *
	 * @param string $controller Controller class.
	 * @param array  $params     Request body.
	 * @param array  $args       Route arguments.
	 * @param string $method     POST, or GET for a list.
	 */
	private static function call( string $controller, array $params, array $args = array(), string $method = 'POST' ): array {
		$data = static::invokeApplication( $controller, $params, $args, $method );
		if ( is_wp_error( $data ) ) {
			throw new \RuntimeException( $data->get_error_message() );
		}
		return (array) $data;
	}
}
