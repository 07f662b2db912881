<?php

namespace SyncWarden\Tests\SourcePlugins;

use SyncWarden\Storage\Schema;
use SyncWarden\Tests\ExportTestCase;
use SyncWarden\Uninstaller;

/**
 * The real Booking Calendar, loaded into the scratch site from SYNCWARDEN_SOURCE_PLUGINS (a
 * folder holding plugin folders, e.g. extracted from the public mirror; never this repository).
 * A booking made through the plugin's own developer API and approved by its own auto-approval
 * must reach the Google peer as one event. Without the folder the test is skipped — reported as
 * not run, never as passed.
 */
final class BookingCalendarRealTest extends ExportTestCase {

	private const PLUGIN = 'booking/wpdev-booking.php';

	private string $link = '';

	protected function setUp(): void {
		$folder = (string) getenv( 'SYNCWARDEN_SOURCE_PLUGINS' );
		if ( '' === $folder || ! is_file( $folder . '/' . self::PLUGIN ) ) {
			$this->markTestSkipped( 'Not run: SYNCWARDEN_SOURCE_PLUGINS does not hold booking/wpdev-booking.php.' );
		}
		parent::setUp();
		$this->link = WP_PLUGIN_DIR . '/booking';
		if ( ! file_exists( $this->link ) ) {
			symlink( $folder . '/booking', $this->link );
		}
	}

	protected function tearDown(): void {
		if ( '' === $this->link ) {
			parent::tearDown();
			return;
		}
		self::run_site( array( 'deactivate', self::PLUGIN ) );
		if ( is_link( $this->link ) ) {
			unlink( $this->link );
		}
		// This test committed its data so the plugin's process could see it; remove it all.
		Uninstaller::run();
		Schema::migrate();
		global $wpdb;
		$wpdb->query( 'START TRANSACTION' );
		parent::tearDown();
	}

	public function test_a_booking_made_and_approved_in_the_real_plugin_becomes_one_google_event(): void {
		$this->connect( 'google', array( 'export' ) );
		global $wpdb;
		$wpdb->query( 'COMMIT' ); // The plugin's process must see the connection.

		$this->assertTrue( self::run_site( array( 'activate', self::PLUGIN ) )['active'] );
		$booked = self::run_site( array( 'booking-calendar', '2026-12-21', '14:00 - 15:30', 'ada@example.test' ) );

		$this->assertGreaterThan( 0, $booked['id'], (string) $booked['error'] );
		$created = $this->received( 'POST', '/api/google/calendar/v3/calendars/primary/events' );
		$this->assertCount( 1, $created, 'Booking Calendar ' . $booked['version'] );
		$zone = new \DateTimeZone( wp_timezone_string() );
		$this->assertSame( ( new \DateTimeImmutable( '2026-12-21 14:00', $zone ) )->format( DATE_RFC3339 ), $created[0]['body']['start']['dateTime'] );
		$this->assertSame( ( new \DateTimeImmutable( '2026-12-21 15:30', $zone ) )->format( DATE_RFC3339 ), $created[0]['body']['end']['dateTime'] );
	}

	/**
	 * Runs tests/php/bin/source-plugin.php in its own process and decodes its answer.
	 *
	 * @param string[] $args Arguments.
	 */
	private static function run_site( array $args ): array {
		$process = proc_open( array_merge( array( PHP_BINARY, dirname( __DIR__ ) . '/bin/source-plugin.php' ), $args ), array( 1 => array( 'pipe', 'w' ), 2 => array( 'pipe', 'w' ) ), $pipes );
		$output  = (string) stream_get_contents( $pipes[1] );
		$errors  = (string) stream_get_contents( $pipes[2] );
		proc_close( $process );
		$decoded = json_decode( (string) strrchr( "\n" . $output, '{' ), true );
		if ( ! is_array( $decoded ) ) {
			throw new \RuntimeException( 'The plugin process answered no JSON: ' . substr( $output . $errors, -500 ) );
		}
		return $decoded;
	}
}
