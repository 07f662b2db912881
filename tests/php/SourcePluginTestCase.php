<?php

namespace SyncWarden\Tests;

use SyncWarden\Storage\Schema;
use SyncWarden\Uninstaller;

/**
 * The real-plugin tier: a real booking plugin from SYNCWARDEN_SOURCE_PLUGINS (a folder of plugin
 * folders, never this repository) is linked into the scratch site, activated and driven through
 * its own API in a second PHP process (tests/php/bin/source-plugin.php), with a Google connection
 * this test commits first so that process sees it. Without the folder the test is skipped, and
 * tools/test.mjs then reports the tier as not run.
 */
abstract class SourcePluginTestCase extends ExportTestCase {

	/** The plugin's basename, e.g. booking/wpdev-booking.php. */
	abstract protected static function plugin(): string;

	private string $link = '';

	protected function setUp(): void {
		$folder = (string) getenv( 'SYNCWARDEN_SOURCE_PLUGINS' );
		if ( '' === $folder || ! is_file( $folder . '/' . static::plugin() ) ) {
			$this->markTestSkipped( 'Not run: SYNCWARDEN_SOURCE_PLUGINS does not hold ' . static::plugin() . '.' );
		}
		parent::setUp();
		$this->link = WP_PLUGIN_DIR . '/' . dirname( static::plugin() );
		if ( ! file_exists( $this->link ) ) {
			symlink( $folder . '/' . dirname( static::plugin() ), $this->link );
		}
		$this->connect( 'google', array( 'export' ) );
		global $wpdb;
		$wpdb->query( 'COMMIT' ); // The plugin's process must see the connection.
		$this->assertTrue( self::run_site( array( 'activate', static::plugin() ) )['active'] );
	}

	protected function tearDown(): void {
		if ( '' === $this->link ) {
			parent::tearDown();
			return;
		}
		self::run_site( array( 'deactivate', static::plugin() ) );
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

	/** Events the Google peer was asked to create. */
	protected function created_events(): array {
		return $this->received( 'POST', '/api/google/calendar/v3/calendars/primary/events' );
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
		$decoded = json_decode( (string) strrchr( "\n" . $output, '{' ), true );
		if ( ! is_array( $decoded ) ) {
			throw new \RuntimeException( 'The plugin process answered no JSON: ' . substr( $output . $errors, -500 ) );
		}
		return $decoded;
	}
}
