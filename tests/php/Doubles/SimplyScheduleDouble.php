<?php

namespace SyncWarden\Tests\Doubles;

/**
 * A hand-written stand-in for Simply Schedule Appointments, written from its 1.6.12.21 source
 * (WordPressBugBounty/plugins-simply-schedule-appointments, commit "1.6.12.21"); no code or data
 * of it is copied:
 *
 * - table `{prefix}ssa_appointments` (db_namespace ssa + pluralized slug: includes/class-db-model.php:16,
 *   includes/lib/td-util/class-td-db-model.php:140-150; columns from the schema in
 *   includes/class-appointment-model.php:558-880: start_date/end_date datetime in UTC, status,
 *   customer_information JSON with Name/Email/Phone, customer_timezone) and `{prefix}ssa_appointment_types`
 *   (title), reduced;
 * - insert: row written, then `ssa/appointment/after_insert( $id, $data )` (class-td-model.php:151),
 *   from which class-hooks.php derives `ssa/appointment/booked( $id, $data, $data_before, $response )`
 *   (:189) or `…/pending` (:166);
 * - update: row written, then `ssa/appointment/after_update( $id, $data, $data_before, $response )`
 *   (class-td-model.php:189-190) with `$data` holding only the changed columns, from which
 *   class-hooks.php derives `…/customer_information_edited` (:205), `…/edited` (:243),
 *   `…/rescheduled` (:259, only when start_date is in $data), `…/canceled` (:275), `…/abandoned` (:296)
 *   and `…/booked` for pending → booked (:189);
 * - delete: row deleted, then `ssa/appointment/after_delete( $id, $force_delete, $response )`
 *   (class-td-model.php:223).
 *
 * The derived hooks are fired here directly, with the partial $data the plugin passes.
 */
final class SimplyScheduleDouble {

	public const PLUGIN = 'simply-schedule-appointments/simply-schedule-appointments.php';

	public static function create_tables(): void {
		global $wpdb;
		$wpdb->query( "CREATE TABLE IF NOT EXISTS {$wpdb->prefix}ssa_appointments ( id bigint(20) unsigned NOT NULL AUTO_INCREMENT, appointment_type_id bigint(20) unsigned NOT NULL, customer_information TEXT NOT NULL, customer_timezone TINYTEXT NOT NULL, start_date datetime NULL, end_date datetime NULL, status VARCHAR(16) NOT NULL DEFAULT 'booked', PRIMARY KEY  (id) )" );
		$wpdb->query( "CREATE TABLE IF NOT EXISTS {$wpdb->prefix}ssa_appointment_types ( id bigint(20) unsigned NOT NULL AUTO_INCREMENT, title TEXT NOT NULL, PRIMARY KEY  (id) )" );
	}

	public static function book( string $start_utc, int $minutes, string $status = 'booked' ): int {
		global $wpdb;
		$wpdb->insert( "{$wpdb->prefix}ssa_appointment_types", array( 'title' => 'Consultation' ) );
		$data = array(
			'appointment_type_id'  => (int) $wpdb->insert_id,
			'customer_information' => wp_json_encode( array( 'Name' => 'Ada Lovelace', 'Email' => 'ada@example.test', 'Phone' => '+44 20 7946 0000' ) ),
			'customer_timezone'    => 'America/New_York',
			'start_date'           => $start_utc,
			'end_date'             => self::plus( $start_utc, $minutes ),
			'status'               => $status,
		);
		$wpdb->insert( "{$wpdb->prefix}ssa_appointments", $data );
		$id = (int) $wpdb->insert_id;
		do_action( 'ssa/appointment/after_insert', $id, $data );
		do_action( 'booked' === $status ? 'ssa/appointment/booked' : 'ssa/appointment/pending', $id, $data, array(), true );
		return $id;
	}

	/** An update with only the changed columns, and the derived hooks SSA would fire for it. */
	public static function update( int $id, array $changes, array $derived ): void {
		global $wpdb;
		$before = $wpdb->get_row( $wpdb->prepare( "SELECT * FROM {$wpdb->prefix}ssa_appointments WHERE id = %d", $id ), ARRAY_A );
		$wpdb->update( "{$wpdb->prefix}ssa_appointments", $changes, array( 'id' => $id ) );
		do_action( 'ssa/appointment/after_update', $id, $changes, $before, true );
		foreach ( $derived as $hook ) {
			do_action( "ssa/appointment/$hook", $id, $changes, $before, true );
		}
	}

	public static function reschedule( int $id, string $start_utc, int $minutes ): void {
		self::update( $id, array( 'start_date' => $start_utc, 'end_date' => self::plus( $start_utc, $minutes ) ), array( 'rescheduled', 'edited' ) );
	}

	public static function delete( int $id ): void {
		global $wpdb;
		$wpdb->delete( "{$wpdb->prefix}ssa_appointments", array( 'id' => $id ) );
		do_action( 'ssa/appointment/after_delete', $id, false, 1 );
	}

	private static function plus( string $utc, int $minutes ): string {
		return gmdate( 'Y-m-d H:i:s', strtotime( "$utc UTC" ) + 60 * $minutes );
	}
}
