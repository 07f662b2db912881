<?php

namespace SyncWarden\Tests\Integration\Time;

use SyncWarden\Http\JsonShape;
use SyncWarden\Providers\ProviderRegistry;
use SyncWarden\Tests\TestCase;

/**
 * Provider payloads written from the references (tests/fixtures/providers, see each .source.md),
 * read through the providers' real shape check and mapping.
 */
final class ProviderZoneFixturesTest extends TestCase {

	/** A fixture page as the importer gets it: shaped by the provider's own import request. */
	private static function page( string $provider, string $fixture ): array {
		$json     = file_get_contents( dirname( __DIR__, 3 ) . "/fixtures/providers/$provider/$fixture.json" );
		$provider = ProviderRegistry::default()->get( $provider );
		$request  = $provider->import_request( null, null, '' );
		return $provider->import_page( JsonShape::apply( json_decode( (string) $json, true ), $request['shape'] ) );
	}

	public function test_google_events_without_their_own_zone_are_in_the_calendars_zone(): void {
		[ $plain, $own ] = self::page( 'google', 'events-offset-no-timezone' )['events'];

		$this->assertSame( 'Asia/Kolkata', $plain['timezone'], 'the list’s timeZone (a legacy alias) as the current name, not UTC' );
		$this->assertSame( strtotime( '2027-01-14T04:00:00Z' ), $plain['starts_at'] );
		$this->assertSame( 'America/Los_Angeles', $own['timezone'], 'an event’s own zone wins' );
		$this->assertSame( strtotime( '2027-01-14T20:00:00Z' ), $own['starts_at'] );
	}

	public function test_graph_windows_zone_names_are_read_back_as_iana_zones_and_instants(): void {
		[ $pune, $custom ] = self::page( 'microsoft', 'delta-windows-zones' )['events'];

		$this->assertSame( strtotime( '2027-01-15T04:00:00Z' ), $pune['starts_at'], '20:00 Pacific Standard Time' );
		$this->assertSame( strtotime( '2027-01-15T04:45:00Z' ), $pune['ends_at'] );
		$this->assertSame( 'Asia/Kolkata', $pune['timezone'], 'originalStartTimeZone India Standard Time' );
		$this->assertSame( strtotime( '2027-07-14T13:30:00Z' ), $custom['starts_at'], 'PDT in July' );
		$this->assertSame( 'America/Los_Angeles', $custom['timezone'], 'a custom zone falls back to the zone the times came in' );
	}

	public function test_a_google_all_day_event_is_an_all_day_booking_on_its_date_in_the_calendars_zone(): void {
		[ $event ] = self::page( 'google', 'event-all-day' )['events'];

		$this->assertTrue( $event['all_day'] );
		$this->assertSame( 'America/Los_Angeles', $event['timezone'] );
		$this->assertSame( strtotime( '2027-12-24T08:00:00Z' ), $event['starts_at'], 'midnight in Los Angeles, not in UTC' );
		$this->assertSame( strtotime( '2027-12-25T08:00:00Z' ), $event['ends_at'], 'end date exclusive' );
	}

	public function test_a_graph_is_all_day_event_read_in_utc_keeps_its_dates_in_its_own_zone(): void {
		[ $event ] = self::page( 'microsoft', 'delta-all-day' )['events'];

		$this->assertTrue( $event['all_day'] );
		$this->assertSame( 'America/Los_Angeles', $event['timezone'] );
		$this->assertSame( strtotime( '2027-12-24T08:00:00Z' ), $event['starts_at'] );
		$this->assertSame( strtotime( '2027-12-25T08:00:00Z' ), $event['ends_at'] );
	}
}
