<?php

namespace SyncWarden\Tests\SourcePlugins;

use SyncWarden\Tests\SourcePluginTestCase;

/**
 * The real Simply Schedule Appointments (see Drivers/SimplyScheduleDriver): an appointment inserted
 * and then cancelled through its own models reaches the Google peer as one event at its UTC time,
 * then one delete.
 */
final class SimplyScheduleRealTest extends SourcePluginTestCase {

	protected static function plugin(): string {
		return 'simply-schedule-appointments/simply-schedule-appointments.php';
	}

	public function test_an_appointment_booked_then_cancelled_in_the_real_plugin_is_one_event_then_one_delete(): void {
		$booked = self::drive( 'book', '2026-12-22 10:00:00', '2026-12-22 11:00:00' );

		$created = $this->created_events();
		$this->assertCount( 1, $created, 'Simply Schedule Appointments ' . $booked['version'] );
		$this->assertSame( self::local( '2026-12-22 11:00' ), $created[0]['body']['start']['dateTime'] );
		$this->assertSame( self::local( '2026-12-22 12:00' ), $created[0]['body']['end']['dateTime'] );
		$this->assertSame( 'Consultation', $created[0]['body']['summary'] );

		self::drive( 'cancel', (string) $booked['id'] );
		$this->assertCount( 1, $this->changed_events( 'DELETE' ) );
		$this->assertCount( 1, $this->created_events() );
	}
}
