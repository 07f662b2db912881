<?php

namespace SyncWarden\Tests\Integration\Time;

use SyncWarden\Time\TimeZones;
use SyncWarden\Tests\TestCase;

/**
 * TimeZones with ICU and with the bundled table (hosts without ext-intl) must give the same answers.
 */
final class TimeZonesTest extends TestCase {

	public static function sources(): array {
		return array(
			'ICU (ext-intl)' => array( true ),
			'bundled table'  => array( false ),
		);
	}

	/** @dataProvider sources */
	public function test_legacy_aliases_become_the_current_iana_name( bool $intl ): void {
		$zones = new TimeZones( $intl );
		$this->assertSame( 'Asia/Kolkata', $zones->canonical( 'Asia/Calcutta' ) );
		$this->assertSame( 'America/Los_Angeles', $zones->canonical( 'US/Pacific' ) );
		$this->assertSame( 'Europe/Kyiv', $zones->canonical( 'Europe/Kiev' ) );
		$this->assertSame( 'America/Argentina/Buenos_Aires', $zones->canonical( 'America/Buenos_Aires' ) );
		$this->assertSame( 'UTC', $zones->canonical( 'Etc/UTC' ) );
		$this->assertSame( 'Europe/Berlin', $zones->canonical( 'Europe/Berlin' ) );
		$this->assertSame( 'Etc/GMT+5', $zones->canonical( 'Etc/GMT+5' ), 'a canonical zone outside PHP’s default list' );
		$this->assertNull( $zones->canonical( 'Mars/Olympus_Mons' ) );
		$this->assertNull( $zones->canonical( 'Romance Standard Time' ), 'a Windows id is no IANA name' );
		$this->assertNull( $zones->canonical( '' ) );
	}

	/** @dataProvider sources */
	public function test_iana_and_windows_ids_map_both_ways_as_in_cldr( bool $intl ): void {
		$zones = new TimeZones( $intl );
		$this->assertSame( 'Romance Standard Time', $zones->windows_id( 'Europe/Madrid' ) );
		$this->assertSame( 'India Standard Time', $zones->windows_id( 'Asia/Calcutta' ) );
		$this->assertSame( 'Eastern Standard Time', $zones->windows_id( 'America/Toronto' ) );
		$this->assertSame( 'AUS Eastern Standard Time', $zones->windows_id( 'Australia/Melbourne' ) );
		$this->assertSame( 'UTC', $zones->windows_id( 'UTC' ) );
		$this->assertSame( 'Europe/Paris', $zones->iana_for_windows( 'Romance Standard Time' ), 'territory 001' );
		$this->assertSame( 'Asia/Kolkata', $zones->iana_for_windows( 'India Standard Time' ), 'as the current IANA name, not CLDR’s Asia/Calcutta' );
		$this->assertSame( 'America/Los_Angeles', $zones->from_provider( 'Pacific Standard Time' ) );
		$this->assertSame( 'Asia/Kolkata', $zones->from_provider( 'Asia/Calcutta' ) );
		$this->assertNull( $zones->iana_for_windows( 'Mars Standard Time' ) );
		$this->assertNull( $zones->from_provider( 'tzone://Microsoft/Custom' ) );
	}

	public function test_the_bundled_table_agrees_with_icu_for_every_zone_and_windows_id(): void {
		$icu   = new TimeZones( true );
		$table = new TimeZones( false );
		$names = TimeZones::all_names();
		$ids   = array();
		foreach ( \IntlTimeZone::createEnumeration() as $zone ) {
			$ids[] = (string) \IntlTimeZone::getWindowsID( $zone );
			$names[] = $zone;
		}
		$names = array_unique( $names );
		foreach ( $names as $name ) {
			$this->assertSame( $icu->canonical( $name ), $table->canonical( $name ), $name );
			$this->assertSame( $icu->windows_id( $name ), $table->windows_id( $name ), $name );
		}
		foreach ( array_unique( array_filter( $ids ) ) as $id ) {
			$this->assertSame( $icu->iana_for_windows( $id ), $table->iana_for_windows( $id ), $id );
			$this->assertNotNull( $table->iana_for_windows( $id ), $id );
		}
		$this->assertGreaterThan( 130, count( array_unique( array_filter( $ids ) ) ) );
	}

	public function test_a_windows_id_is_only_offered_for_an_instant_its_own_zone_agrees_on(): void {
		$zones = new TimeZones( false );
		$july  = gmmktime( 12, 0, 0, 7, 15, 2026 );
		$this->assertSame( 'Romance Standard Time', $zones->windows_id_at( 'Europe/Madrid', $july ) );
		$this->assertSame( 'E. South America Standard Time', $zones->windows_id_at( 'America/Sao_Paulo', $july ) );
		$this->assertNull( $zones->windows_id_at( 'Antarctica/Troll', $july ), 'no Windows zone in CLDR' );
		// Wherever ICU's CLDR lags the host's tz rules, the id is withheld rather than an hour off.
		$year = array_map( static fn( int $m ): int => gmmktime( 12, 0, 0, $m, 15, 2026 ), range( 1, 12 ) );
		foreach ( timezone_identifiers_list() as $name ) {
			foreach ( $year as $time ) {
				$id = $zones->windows_id_at( $name, $time );
				if ( null !== $id ) {
					$at = new \DateTimeImmutable( '@' . $time );
					$this->assertSame( ( new \DateTimeZone( $name ) )->getOffset( $at ), ( new \DateTimeZone( (string) $zones->iana_for_windows( $id ) ) )->getOffset( $at ), "$name ($id)" );
				}
			}
		}
	}
}
