<?php

namespace SyncWarden\Tests;

use SyncWarden\Sources\SourceRegistry;
use SyncWarden\Storage\Schema;
use SyncWarden\Storage\SourceSettings;
use SyncWarden\Uninstaller;

/**
 * The real-plugin tier: a real booking plugin from SYNCWARDEN_SOURCE_PLUGINS (a folder of plugin
 * folders, never this repository) is linked into the tier's plugins folder (outside the checkout,
 * see tools/source-plugins-tier.mjs), activated and driven through
 * its own API in a second PHP process (tests/php/bin/source-plugin.php and its drivers in
 * SourcePlugins/Drivers), with a Google connection this test commits first so that process sees
 * it. The site runs in Europe/Berlin, so a time read in the wrong zone shows. Without the folder
 * the test is skipped, and tools/test.mjs then reports the tier as not run.
 */
abstract class SourcePluginTestCase extends ExportTestCase {

	protected const ZONE = 'Europe/Berlin';

	protected const EVENTS = '/api/google/calendar/v3/calendars/primary/events';

	/** The plugin's basename, e.g. booking/wpdev-booking.php. */
	abstract protected static function plugin(): string;

	private string $link = '';

	private string $zone_before = '';

	/** Whether this test linked the plugin in (and so removes the link). */
	private bool $copied = false;

	/** The Google connection: it exports the plugin's bookings and imports the calendar's busy time. */
	protected array $connection = array();

	protected function setUp(): void {
		$folder = (string) getenv( 'SYNCWARDEN_SOURCE_PLUGINS' );
		if ( '' === $folder || ! is_file( $folder . '/' . static::plugin() ) ) {
			$this->markTestSkipped( 'Not run: SYNCWARDEN_SOURCE_PLUGINS does not hold ' . static::plugin() . '.' );
		}
		parent::setUp();
		$this->link = WP_PLUGIN_DIR . '/' . dirname( static::plugin() );
		$this->copied = ! file_exists( $this->link );
		if ( $this->copied ) {
			symlink( $folder . '/' . dirname( static::plugin() ), $this->link );
		}
		$this->zone_before = (string) get_option( 'timezone_string' );
		update_option( 'timezone_string', self::ZONE );
		$this->connection = $this->connect( 'google', array( 'import', 'export' ) );
		// The title is opt-in for calendars; the tier checks it arrives.
		$this->rest( 'PUT', "/syncwarden/v1/connections/{$this->connection['id']}/sharing", array( 'allowed' => array( 'title' ) ) );
		global $wpdb;
		$wpdb->query( 'COMMIT' ); // The plugin's process must see the connection.
		$activated = self::run_site( array( 'activate', static::plugin() ) );
		$this->assertTrue( $activated['active'], $activated['error'] );
		$this->assertTrue( $activated['activated'], static::plugin() . ' is active but its activation routine did not run.' );
	}

	protected function tearDown(): void {
		if ( '' === $this->link ) {
			parent::tearDown();
			return;
		}
		self::run_site( array( 'deactivate', static::plugin() ) );
		if ( $this->copied && is_link( $this->link ) ) {
			unlink( $this->link );
		}
		// This test committed its data so the plugin's process could see it; remove it all.
		Uninstaller::run();
		Schema::migrate();
		update_option( 'timezone_string', $this->zone_before );
		global $wpdb;
		$wpdb->query( 'START TRANSACTION' );
		parent::tearDown();
	}

	/**
	 * An event imported from the connected calendar, committed so the plugin's process sees it.
	 *
	 * @param string $local   Site-local start, Y-m-d H:i.
	 * @param int    $minutes Duration.
	 */
	protected function busy( string $local, int $minutes ): void {
		$this->imported_event( $this->connection, self::local( $local ), $minutes );
		global $wpdb;
		$wpdb->query( 'COMMIT' );
	}

	public function test_its_own_calendar_sync_is_read_from_the_real_plugins_tables_without_a_database_error(): void {
		global $wpdb;
		$sources = array_filter( SourceRegistry::default( new SourceSettings() )->all(), static fn( $source ) => $source->plugin_file() === static::plugin() );
		$this->assertCount( 1, $sources );
		$this->assertTrue( self::run_site( array( 'boot', static::plugin() ) )['active'] );
		$wpdb->last_error = '';

		$this->assertSame( array(), current( $sources )->own_calendar_sync(), 'a freshly activated plugin has synced nothing itself' );
		$this->assertSame( '', $wpdb->last_error );
	}

	/** Events the Google peer was asked to create. */
	protected function created_events(): array {
		return $this->received( 'POST', self::EVENTS );
	}

	/** Changes (PATCH) and deletes the Google peer was asked for. */
	protected function changed_events( string $method ): array {
		return $this->received( $method, self::EVENTS . '/' );
	}

	/** A site-local wall time as RFC 3339, as the exported event should carry it. */
	protected static function local( string $datetime ): string {
		return ( new \DateTimeImmutable( $datetime, new \DateTimeZone( self::ZONE ) ) )->format( DATE_RFC3339 );
	}

	/**
	 * One step through the plugin's driver (its own API) in the plugin's process, which then runs
	 * the outbox once; fails the test in the plugin's words when the plugin refused.
	 *
	 * @param string $step      Driver method.
	 * @param string ...$values Its arguments.
	 */
	protected static function drive( string $step, string ...$values ): array {
		$answer = self::run_site( array_merge( array( dirname( static::plugin() ), $step ), $values ) );
		self::assertSame( '', $answer['error'], static::plugin() . " $step" );
		return $answer;
	}

	/**
	 * Runs tests/php/bin/source-plugin.php in its own process and decodes its JSON answer.
	 *
	 * @param string[] $args Arguments.
	 */
	protected static function run_site( array $args ): array {
		$process = proc_open( array_merge( array( PHP_BINARY, __DIR__ . '/bin/source-plugin.php' ), $args ), array( 1 => array( 'pipe', 'w' ), 2 => array( 'pipe', 'w' ) ), $pipes );
		$output  = (string) stream_get_contents( $pipes[1] );
		$errors  = (string) stream_get_contents( $pipes[2] );
		proc_close( $process );
		$marker  = strrpos( $output, "\nsyncwarden-answer: " );
		$decoded = false === $marker ? null : json_decode( substr( $output, $marker + strlen( "\nsyncwarden-answer: " ) ), true );
		if ( ! is_array( $decoded ) ) {
			throw new \RuntimeException( 'The plugin process answered no JSON: ' . substr( $output . $errors, -500 ) );
		}
		return $decoded;
	}
}
