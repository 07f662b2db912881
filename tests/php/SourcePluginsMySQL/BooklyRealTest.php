<?php

namespace SyncWarden\Tests\SourcePluginsMySQL;

use SyncWarden\Tests\SourcePluginTestCase;

/**
 * The real Bookly 27.4 (see SourcePlugins/Drivers/BooklyDriver), on MySQL/MariaDB only: its
 * tables use InnoDB foreign keys and ENUMs the SQLite translator refuses. Bookly fires no booking
 * hooks, so each step runs SyncWarden's poller as WP-Cron would. An appointment saved through
 * Bookly's own entities is one Google event at the site-local time with the service as its title;
 * a poll with nothing changed sends nothing; the customer's cancel is one delete, and deleting
 * the appointment afterwards sends nothing more. An appointment deleted while it stands is taken
 * off although Bookly leaves no row behind.
 */
final class BooklyRealTest extends SourcePluginTestCase {

	protected static function plugin(): string {
		return 'bookly-responsive-appointment-booking-tool/main.php';
	}

	public function test_an_appointment_saved_then_cancelled_in_the_real_plugin_is_one_event_then_one_delete(): void {
		$booked = self::drive( 'book', '2027-01-21 10:00', '60' );

		$created = $this->created_events();
		$this->assertCount( 1, $created, 'Bookly ' . $booked['version'] );
		$this->assertSame( self::local( '2027-01-21 10:00' ), $created[0]['body']['start']['dateTime'] );
		$this->assertSame( self::local( '2027-01-21 11:00' ), $created[0]['body']['end']['dateTime'] );
		$this->assertSame( 'Haircut', $created[0]['body']['summary'] );

		$id = (string) $booked['id'];
		self::drive( 'cancel', $id );
		$this->assertCount( 1, $this->changed_events( 'DELETE' ) );

		self::drive( 'delete', $id );
		$this->assertCount( 1, $this->changed_events( 'DELETE' ) );
		$this->assertCount( 1, $this->created_events() );
		$this->assertSame( array(), $this->changed_events( 'PATCH' ) );
	}

	public function test_an_appointment_deleted_in_the_real_plugin_is_taken_off_the_calendar(): void {
		$booked = self::drive( 'book', '2027-01-22 09:00', '30' );
		$this->assertCount( 1, $this->created_events(), 'Bookly ' . $booked['version'] );

		self::drive( 'delete', (string) $booked['id'] );

		$this->assertCount( 1, $this->changed_events( 'DELETE' ) );
	}
}
