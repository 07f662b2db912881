<?php

namespace SyncWarden\Tests\SourcePlugins;

use SyncWarden\Tests\SourcePluginTestCase;

/**
 * The real Simply Schedule Appointments: an appointment inserted and then cancelled through its
 * own models (ssa()->appointment_model) reaches the Google peer as one event, then one delete.
 */
final class SimplyScheduleRealTest extends SourcePluginTestCase {

	protected static function plugin(): string {
		return 'simply-schedule-appointments/simply-schedule-appointments.php';
	}

	public function test_an_appointment_booked_then_cancelled_in_the_real_plugin_is_one_event_then_one_delete(): void {
		$booked = self::run_site( array( 'simply-schedule-appointments', '2026-12-22 10:00:00', '2026-12-22 11:00:00' ) );

		$this->assertGreaterThan( 0, $booked['id'] );
		$created = $this->created_events();
		$this->assertCount( 1, $created, 'Simply Schedule Appointments ' . $booked['version'] );
		$this->assertSame( strtotime( '2026-12-22T10:00:00Z' ), strtotime( $created[0]['body']['start']['dateTime'] ) );
		$this->assertCount( 1, $this->received( 'DELETE', '/api/google/calendar/v3/calendars/primary/events/' ) );
	}
}
