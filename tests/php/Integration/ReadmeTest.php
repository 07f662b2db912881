<?php

namespace SyncWarden\Tests\Integration;

use SyncWarden\Tests\TestCase;

/**
 * readme.txt follows the WordPress.org format and agrees with the plugin header.
 */
final class ReadmeTest extends TestCase {

	private static function readme(): string {
		return (string) file_get_contents( dirname( SYNCWARDEN_FILE ) . '/readme.txt' );
	}

	private static function header( string $name ): ?string {
		return preg_match( '/^' . preg_quote( $name, '/' ) . ':\s*(.+)$/mi', self::readme(), $m ) ? trim( $m[1] ) : null;
	}

	public function test_has_the_required_headers_matching_the_plugin(): void {
		$plugin = get_plugin_data( SYNCWARDEN_FILE, false, false );

		$this->assertMatchesRegularExpression( '/^=== SyncWarden ===/', self::readme() );
		$this->assertSame( $plugin['RequiresWP'], self::header( 'Requires at least' ) );
		$this->assertSame( $plugin['RequiresPHP'], self::header( 'Requires PHP' ) );
		$this->assertSame( $plugin['Version'], self::header( 'Stable tag' ) );
		$this->assertSame( SYNCWARDEN_VERSION, self::header( 'Stable tag' ) );
		$this->assertNotNull( self::header( 'Tested up to' ) );
		$this->assertStringStartsWith( 'GPL', (string) self::header( 'License' ) );
		$this->assertLessThanOrEqual( 5, count( explode( ',', (string) self::header( 'Tags' ) ) ) );
	}

	/**
	 * "7.1" from "7.1.0", "6.7-alpha-58576" → "6.7".
	 *
	 * @param string $version A WordPress version.
	 */
	private static function major_minor( string $version ): string {
		return preg_match( '/^(\d+\.\d+)/', $version, $m ) ? $m[1] : '0.0';
	}

	public function test_tested_up_to_is_not_older_than_the_core_this_suite_runs_on(): void {
		$tested = (string) self::header( 'Tested up to' );

		$this->assertTrue(
			version_compare( $tested, self::major_minor( get_bloginfo( 'version' ) ), '>=' ),
			"readme.txt says Tested up to $tested, but this suite is running on WordPress " . get_bloginfo( 'version' )
		);
	}

	public function test_tested_up_to_is_not_older_than_the_newest_core_the_suite_passed_on(): void {
		// docs/compatibility.md records each core the whole suite passed on (npm test with
		// SYNCWARDEN_WP_CORE): rows "| 7.1.0 | 349/349 | 29/29 | … |".
		$record = (string) file_get_contents( dirname( SYNCWARDEN_FILE ) . '/docs/compatibility.md' );
		preg_match_all( '/^\|\s*(\d+\.\d+(?:\.\d+)?)\s*\|\s*(\d+)\/(\d+)\s*\|\s*(\d+)\/(\d+)\s*\|/m', $record, $rows, PREG_SET_ORDER );
		$passed = array_map( static fn( $row ) => self::major_minor( $row[1] ), array_filter( $rows, static fn( $row ) => $row[2] === $row[3] && $row[4] === $row[5] ) );
		$this->assertNotEmpty( $passed, 'docs/compatibility.md lists the cores the suite passed on' );
		usort( $passed, 'version_compare' );
		$newest = end( $passed );

		$this->assertTrue(
			version_compare( (string) self::header( 'Tested up to' ), $newest, '>=' ),
			"readme.txt says Tested up to " . self::header( 'Tested up to' ) . ", but the suite passed on WordPress $newest"
		);
	}

	public function test_has_the_sections_site_owners_expect(): void {
		foreach ( array( 'Description', 'Installation', 'Frequently Asked Questions', 'Screenshots', 'Changelog' ) as $section ) {
			$this->assertStringContainsString( "== $section ==", self::readme() );
		}
		$this->assertStringContainsString( '= ' . SYNCWARDEN_VERSION . ' =', self::readme(), 'the changelog names this version' );
	}

	public function test_short_description_fits_the_directory_limit(): void {
		$lines = explode( "\n", self::readme() );
		$index = array_search( 'License URI: https://www.gnu.org/licenses/gpl-2.0.html', $lines, true );

		$this->assertLessThanOrEqual( 150, strlen( trim( $lines[ $index + 2 ] ) ) );
	}

	public function test_each_screenshot_caption_has_its_image(): void {
		preg_match( '/== Screenshots ==\s*(.*?)\s*==/s', self::readme(), $section );
		preg_match_all( '/^(\d+)\. /m', $section[1] ?? '', $captions );
		$images = glob( dirname( __DIR__, 3 ) . '/docs/screenshots/*.png' );

		$this->assertSame( range( 1, count( $captions[1] ) ), array_map( 'intval', $captions[1] ), 'numbered from 1' );
		$this->assertGreaterThanOrEqual( count( $captions[1] ), count( $images ) );
	}
}
