<?php

namespace SyncWarden\Tests\SourcePlugins\Drivers;

/**
 * Drives the real Simply Schedule Appointments (1.6.12.21) through its own models
 * (includes/lib/td-util/class-td-model.php insert()/update()), which fire its lifecycle hooks;
 * nothing of it is copied.
 */
final class SimplyScheduleDriver {

	public const PLUGIN = 'simply-schedule-appointments/simply-schedule-appointments.php';

	/**
	 * @param string $start Y-m-d H:i:s, UTC as SSA stores it.
	 * @param string $end   Y-m-d H:i:s, UTC.
	 */
	public static function book( string $start, string $end ): array {
		$type = ssa()->appointment_type_model->insert( array( 'title' => 'Consultation', 'slug' => 'consultation', 'duration' => ( strtotime( $end ) - strtotime( $start ) ) / 60 ) );
		$id   = ssa()->appointment_model->insert( array( 'appointment_type_id' => $type, 'start_date' => $start, 'end_date' => $end, 'status' => 'booked', 'customer_information' => array( 'Name' => 'Ada Lovelace', 'Email' => 'ada@example.test' ), 'customer_timezone' => 'UTC' ) );
		if ( ! is_numeric( $id ) || (int) $id <= 0 ) {
			throw new \RuntimeException( 'Simply Schedule Appointments did not insert the appointment' );
		}
		return array( 'id' => (int) $id );
	}

	public static function cancel( string $id ): array {
		ssa()->appointment_model->update( (int) $id, array( 'status' => 'canceled' ) );
		return array( 'id' => (int) $id );
	}
}
