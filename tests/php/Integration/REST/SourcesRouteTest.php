<?php

namespace SyncWarden\Tests\Integration\REST;

use SyncWarden\Tests\Doubles\BookingCalendarDouble as Wpbc;
use SyncWarden\Tests\ExportTestCase;

/**
 * /syncwarden/v1/sources: detection, settings and the backfill, through REST as the admin app
 * calls it, with Booking Calendar's double tables (see the double for its source lines).
 */
final class SourcesRouteTest extends ExportTestCase {

	public static function setUpBeforeClass(): void {
		parent::setUpBeforeClass();
		Wpbc::create_tables();
	}

	private function activate_booking_calendar(): void {
		update_option( 'active_plugins', array_merge( (array) get_option( 'active_plugins', array() ), array( Wpbc::PLUGIN ) ) );
	}

	/** A booking already in Booking Calendar before SyncWarden listened (rows only, no hooks). */
	private function existing_booking( string $day, bool $approved ): void {
		global $wpdb;
		$wpdb->insert( "{$wpdb->prefix}booking", array( 'form' => Wpbc::form( 'Ada', 'Lovelace', 'ada@example.test' ) ) );
		$id = (int) $wpdb->insert_id;
		foreach ( array( "$day 10:00:01", "$day 11:00:02" ) as $date ) {
			$wpdb->insert( "{$wpdb->prefix}bookingdates", array( 'booking_id' => $id, 'booking_date' => $date, 'approved' => $approved ? 1 : 0 ) );
		}
	}

	public function test_the_list_names_every_known_plugin_and_detects_the_active_one(): void {
		$this->activate_booking_calendar();

		$sources = array_column( $this->rest( 'GET', '/syncwarden/v1/sources' )->get_data(), null, 'id' );

		$this->assertSame( array( 'booking-calendar', 'latepoint', 'fluent-booking', 'simply-schedule-appointments', 'amelia', 'bookly' ), array_keys( $sources ) );
		$this->assertTrue( $sources['booking-calendar']['detected'] );
		$this->assertFalse( $sources['latepoint']['detected'] );
		$this->assertSame( array( 'approved', 'completed', 'no_show' ), $sources['booking-calendar']['exported'] );
		$this->assertNotSame( '', $sources['booking-calendar']['busy_time_note'] );
	}

	public function test_the_list_tells_an_installed_but_inactive_plugin_and_its_version_from_a_missing_one(): void {
		// A header-only stand-in: the list reads the plugin's header and must not load the plugin.
		$folder = WP_PLUGIN_DIR . '/latepoint';
		$this->assertDirectoryDoesNotExist( $folder, 'Another test left LatePoint in the plugins folder.' );
		mkdir( $folder );
		file_put_contents( "$folder/latepoint.php", "<?php\n/**\n * Plugin Name: LatePoint\n * Version: 5.6.5\n */\n" );
		try {
			$sources = array_column( $this->rest( 'GET', '/syncwarden/v1/sources' )->get_data(), null, 'id' );
		} finally {
			unlink( "$folder/latepoint.php" );
			rmdir( $folder );
		}

		$this->assertSame( array( false, true, '5.6.5' ), array( $sources['latepoint']['detected'], $sources['latepoint']['installed'], $sources['latepoint']['version'] ) );
		$this->assertSame( array( false, false, '' ), array( $sources['amelia']['detected'], $sources['amelia']['installed'], $sources['amelia']['version'] ) );
	}

	public function test_a_plugin_that_is_not_active_can_be_switched_off_and_stays_off(): void {
		$saved = $this->rest( 'PUT', '/syncwarden/v1/sources/latepoint', array( 'enabled' => false ) );

		$this->assertSame( 200, $saved->get_status() );
		$sources = array_column( $this->rest( 'GET', '/syncwarden/v1/sources' )->get_data(), null, 'id' );
		$this->assertSame( array( false, false ), array( $sources['latepoint']['detected'], $sources['latepoint']['enabled'] ) );
		$this->assertTrue( $sources['fluent-booking']['enabled'] );
	}

	public function test_settings_are_saved_and_bad_input_changes_nothing(): void {
		$saved = $this->rest( 'PUT', '/syncwarden/v1/sources/booking-calendar', array( 'tentative' => true ) );
		$this->assertSame( 200, $saved->get_status() );
		$this->assertSame( array( 'pending', 'approved', 'completed', 'no_show' ), $saved->get_data()['exported'] );

		$this->assertSame( 400, $this->rest( 'PUT', '/syncwarden/v1/sources/booking-calendar', array( 'enabled' => 'perhaps' ) )->get_status() );
		$this->assertSame( 404, $this->rest( 'PUT', '/syncwarden/v1/sources/no-such-plugin', array( 'enabled' => false ) )->get_status() );
		$this->assertTrue( $this->rest( 'GET', '/syncwarden/v1/sources' )->get_data()[0]['enabled'] );
	}

	public function test_backfill_sends_existing_approved_bookings_once_however_often_it_runs(): void {
		$this->connect( 'google', array( 'export' ) );
		$this->activate_booking_calendar();
		$day = gmdate( 'Y-m-d', time() + 7 * DAY_IN_SECONDS );
		$this->existing_booking( $day, true );
		$this->existing_booking( $day, true );
		$this->existing_booking( $day, false ); // Pending: not exported by default.

		$first  = $this->rest( 'POST', '/syncwarden/v1/sources/booking-calendar/backfill', array( 'days' => 30 ) )->get_data();
		$this->run_outbox();
		$second = $this->rest( 'POST', '/syncwarden/v1/sources/booking-calendar/backfill', array( 'days' => 30 ) )->get_data();
		$this->run_outbox();

		$this->assertSame( array( 3, 2, true ), array( $first['handled'], $first['sent'], $first['done'] ) );
		$this->assertSame( 0, $second['sent'] );
		$this->assertCount( 2, $this->received( 'POST', '/api/google/calendar/v3/calendars/primary/events' ) );
	}

	public function test_backfill_of_a_plugin_that_is_not_active_is_refused_in_words(): void {
		$response = $this->rest( 'POST', '/syncwarden/v1/sources/latepoint/backfill', array( 'days' => 30 ) );

		$this->assertSame( 409, $response->get_status() );
		$this->assertStringContainsString( 'LatePoint', $response->get_data()['message'] );
	}

	public function test_the_list_says_when_an_active_plugin_syncs_with_google_calendar_itself(): void {
		$this->activate_booking_calendar();
		$before = array_column( $this->rest( 'GET', '/syncwarden/v1/sources' )->get_data(), null, 'id' );
		// A booking Booking Calendar imported from Google itself (its sync_gid, core/wpbc-activation.php:253).
		Wpbc::book( array( '2026-12-10 10:00:01', '2026-12-10 11:00:02' ), Wpbc::form( 'Ada', 'Lovelace', 'ada@example.test' ), true, 'abc123_20261210' );

		$after = array_column( $this->rest( 'GET', '/syncwarden/v1/sources' )->get_data(), null, 'id' );

		$this->assertSame( array(), $before['booking-calendar']['own_calendar_sync'] );
		$this->assertSame( array( 'google' ), $after['booking-calendar']['own_calendar_sync'] );
		$this->assertSame( array(), $after['latepoint']['own_calendar_sync'], 'an inactive plugin is not asked' );
	}

	public function test_a_configured_booking_calendar_feed_counts_as_its_own_google_sync(): void {
		$this->activate_booking_calendar();
		update_option( 'booking_gcal_feed', 'primary@example.test' );

		$sources = array_column( $this->rest( 'GET', '/syncwarden/v1/sources' )->get_data(), null, 'id' );

		$this->assertSame( array( 'google' ), $sources['booking-calendar']['own_calendar_sync'] );
	}
}
