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
