<?php

namespace SyncWarden\Tests\SourcePlugins\Drivers;

use AmeliaBooking\Application\Controller\Bookable\Service\AddServiceController;
use AmeliaBooking\Application\Controller\Booking\Appointment\AddAppointmentController;
use AmeliaBooking\Application\Controller\Booking\Appointment\DeleteAppointmentController;
use AmeliaBooking\Application\Controller\Booking\Appointment\UpdateAppointmentStatusController;
use AmeliaBooking\Application\Controller\Booking\Appointment\UpdateAppointmentTimeController;
use AmeliaBooking\Application\Controller\User\Customer\AddCustomerController;
use AmeliaBooking\Application\Controller\User\Provider\AddProviderController;
use AmeliaBooking\Infrastructure\WP\MCP\AmeliaAbilitiesRegistrar;

/**
 * Drives the real Amelia Lite (2.4.3) through its own controllers, the ones its admin API routes
 * call (src/Infrastructure/Routes/User/User.php:46,63, Routes/Bookable/Service.php:36,
 * Routes/Booking/Appointment/Appointment.php:39-49): requests go through Amelia's own
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
	 */
	public static function book( string $start, string $minutes ): array {
		$days     = array_map( static fn( int $day ): array => array( 'dayIndex' => $day, 'startTime' => '07:00:00', 'endTime' => '21:00:00', 'timeOutList' => array(), 'periodList' => array() ), range( 1, 7 ) );
		$provider = self::call( AddProviderController::class, array( 'type' => 'provider', 'status' => 'visible', 'firstName' => 'Grace', 'lastName' => 'Hopper', 'email' => 'grace@example.test', 'externalId' => null, 'weekDayList' => $days, 'serviceList' => array(), 'specialDayList' => array(), 'timeOutList' => array(), 'periodList' => array(), 'dayOffList' => array() ) )['user']['id'];
		$service  = self::call( AddServiceController::class, array( 'name' => 'Massage', 'categoryId' => 1, 'duration' => 60 * (int) $minutes, 'price' => 0, 'minCapacity' => 1, 'maxCapacity' => 1, 'providers' => array( $provider ), 'color' => '#1788FB', 'status' => 'visible', 'show' => true, 'description' => '', 'depositPayment' => 'disabled', 'recurringCycle' => 'disabled', 'recurringSub' => 'future', 'recurringPayment' => 0, 'deposit' => 0 ) )['service']['id'];
		$customer = self::call( AddCustomerController::class, array( 'firstName' => 'Ada', 'lastName' => 'Lovelace', 'email' => 'ada@example.test', 'externalId' => null, 'type' => 'customer', 'status' => 'visible' ) )['user']['id'];
		$added    = self::call( AddAppointmentController::class, array( 'serviceId' => $service, 'providerId' => $provider, 'bookingStart' => $start, 'notifyParticipants' => 0, 'internalNotes' => '', 'locationId' => null, 'recurring' => array(), 'bookings' => array( array( 'customerId' => $customer, 'persons' => 1, 'status' => 'approved', 'duration' => 60 * (int) $minutes ) ) ) );
		return array( 'id' => (int) $added['appointment']['id'] );
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
	 * One controller call; Amelia's refusal becomes an exception in its own words.
	 *
	 * @param string $controller Controller class.
	 * @param array  $params     Request body.
	 * @param array  $args       Route arguments.
	 */
	private static function call( string $controller, array $params, array $args = array() ): array {
		$data = static::invokeApplication( $controller, $params, $args );
		if ( is_wp_error( $data ) ) {
			throw new \RuntimeException( $data->get_error_message() );
		}
		return (array) $data;
	}
}
