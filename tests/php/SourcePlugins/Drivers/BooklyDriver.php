<?php

namespace SyncWarden\Tests\SourcePlugins\Drivers;

use Bookly\Lib\Entities\Appointment;
use Bookly\Lib\Entities\Customer;
use Bookly\Lib\Entities\CustomerAppointment;
use Bookly\Lib\Entities\Service;
use Bookly\Lib\Entities\Staff;
use SyncWarden\Sources\BooklySource;

/**
 * Drives the real Bookly (27.4, free) through its own entities, the models its booking form and
 * admin dialogs save (lib/base/Entity.php:220 save(), :284 delete()): a staff member, a service, a
 * customer, an Appointment (lib/entities/Appointment.php:901 save(), which stamps created_at /
 * updated_at) and its customer through Appointment::saveCustomerAppointments() (:158, the path
 * the appointment dialog takes), a cancel through CustomerAppointment::cancel()
 * (lib/entities/CustomerAppointment.php:206, the customer's cancel link), a delete through
 * Appointment::delete() (:941). Bookly fires no hook on any of it, so each step then runs
 * SyncWarden's poll the way WP-Cron would (do_action of its event); the bin script runs the outbox
 * after the step. Times are the site's local time, as Bookly stores them.
 */
final class BooklyDriver {

	public const PLUGIN = 'bookly-responsive-appointment-booking-tool/main.php';

	/**
	 * @param string $start   Y-m-d H:i, site-local.
	 * @param string $minutes Duration.
	 * @param string $status  The customer appointment's status.
	 * @return array{id: int}
	 */
	public static function book( string $start, string $minutes, string $status = 'approved' ): array {
		$staff = new Staff();
		$staff->setFullName( 'Grace Hopper' )->setEmail( Addresses::fresh( 'grace' ) )->save();
		$service = new Service();
		$service->setTitle( 'Haircut' )->setDuration( 60 * (int) $minutes )->save();
		$customer = new Customer();
		$customer->setFullName( 'Ada Lovelace' )->setFirstName( 'Ada' )->setLastName( 'Lovelace' )->setEmail( Addresses::fresh( 'ada' ) )->setPhone( '+442079460000' )->setNotes( '' )->setCreatedAt( current_time( 'mysql' ) )->save();
		$begins      = $start . ':00';
		$appointment = new Appointment();
		$appointment->setStaffId( $staff->getId() )->setServiceId( $service->getId() )->setStartDate( $begins )->setEndDate( gmdate( 'Y-m-d H:i:s', strtotime( "$begins UTC" ) + 60 * (int) $minutes ) )->save();
		$appointment->saveCustomerAppointments(
			array(
				array(
					'id'                => $customer->getId(),
					'custom_fields'     => array(),
					'extras'            => array(),
					'status'            => $status,
					'number_of_persons' => 1,
					'notes'             => '',
					'created_from'      => 'backend',
					'payment_id'        => null,
					'timezone'          => null,
				),
			)
		);
		self::poll();
		return array( 'id' => (int) $appointment->getId() );
	}

	/** @param string $id Appointment id; its customer cancels. */
	public static function cancel( string $id ): array {
		foreach ( CustomerAppointment::query()->where( 'appointment_id', (int) $id )->find() as $ca ) {
			$ca->cancel();
		}
		self::poll();
		return array( 'id' => (int) $id );
	}

	/** @param string $id Appointment id. */
	public static function delete( string $id ): array {
		$appointment = new Appointment();
		if ( $appointment->load( (int) $id ) ) {
			$appointment->delete();
		}
		self::poll();
		return array( 'id' => (int) $id );
	}

	/** What WP-Cron does every 5 minutes. */
	private static function poll(): void {
		do_action( BooklySource::HOOK );
	}
}
