<?php

namespace SyncWarden\Tests\Integration\Sync;

use SyncWarden\Sync\Outbox;
use SyncWarden\Tests\ImportTestCase;
use SyncWarden\Tests\Peer;

/**
 * A first Google import of a calendar that is not in UTC, against the peer rendering its events
 * as Google does for such a calendar: the list's timeZone is the calendar's, timed events carry
 * the zone's numeric offset (some with their own timeZone, some without), all-day events are
 * local dates. The expected instants are written out from the zones' December offsets (Los
 * Angeles UTC−8, Kolkata UTC+5:30, neither with daylight saving then), not computed by the code
 * under test.
 */
final class GoogleZoneImportTest extends ImportTestCase {

	/**
	 * Sets the peer's calendar zone, seeds the coming 24 December there, runs a first import.
	 *
	 * @return array{0: string, 1: array<string, array>} The local date and the bookings by title.
	 */
	private function import_christmas_eve( string $zone ): array {
		$this->assertSame( $zone, Peer::control( 'POST', '/calendar', array( 'action' => 'zone', 'zone' => $zone ) )['zone'] ?? null );
		$eve = Peer::control( 'POST', '/calendar', array( 'action' => 'christmas-eve' ) );
		$this->start( 'google' );

		$this->assertTrue( $this->sync()['complete'] );

		$today = new \DateTimeImmutable( 'now', new \DateTimeZone( $zone ) );
		$year  = (int) $today->format( 'Y' ) + ( $today->format( 'm-d' ) > '12-24' ? 1 : 0 );
		$this->assertSame( "{$year}-12-24", $eve['date'], 'the coming 24 December in the calendar zone' );
		return array( $eve['date'], array_column( $this->imported( 'google' ), null, 'title' ) );
	}

	private static function utc( string $date, string $time ): int {
		return strtotime( "{$date}T{$time}:00Z" );
	}

	private static function day_after( string $date, int $days = 1 ): string {
		return gmdate( 'Y-m-d', strtotime( "{$date}T00:00:00Z" ) + $days * DAY_IN_SECONDS );
	}

	public function test_a_los_angeles_all_day_event_is_stored_on_its_local_date_not_from_utc_midnight(): void {
		[ $date, $bookings ] = $this->import_christmas_eve( 'America/Los_Angeles' );

		$all_day = $bookings['Studio closed'];
		$this->assertTrue( $all_day['all_day'] );
		$this->assertSame( 'America/Los_Angeles', $all_day['timezone'], 'no timeZone of its own: the calendar zone' );
		$this->assertSame( array( $date, self::day_after( $date ) ), array( $all_day['start_date'], $all_day['end_date'] ), 'not 23 December (UTC midnight is 16:00 the day before in Los Angeles)' );
		$this->assertSame( self::utc( $date, '08:00' ), $all_day['starts_at'], 'local midnight is 08:00 UTC' );
		$this->assertSame( self::utc( self::day_after( $date ), '08:00' ), $all_day['ends_at'], 'the exclusive end date, local midnight too' );
	}

	public function test_los_angeles_timed_events_keep_their_instant_and_the_calendar_zone(): void {
		[ $date, $bookings ] = $this->import_christmas_eve( 'America/Los_Angeles' );

		$nine = $bookings['Christmas Eve call'];
		$this->assertFalse( $nine['all_day'] );
		$this->assertSame( self::utc( $date, '17:00' ), $nine['starts_at'], '09:00-08:00 is 17:00 UTC' );
		$this->assertSame( 'America/Los_Angeles', $nine['timezone'], 'the event\'s own timeZone' );
		$late = $bookings['Late-morning call'];
		$this->assertSame( array( self::utc( $date, '19:30' ), self::utc( $date, '20:00' ) ), array( $late['starts_at'], $late['ends_at'] ) );
		$this->assertSame( 'America/Los_Angeles', $late['timezone'], 'offset only: the calendar zone, not UTC' );
		$this->assertSame( array( 'America/Los_Angeles' ), array_values( array_unique( array_column( $bookings, 'timezone' ) ) ), 'every imported booking' );
		// And the all-day event of the same listing, so this test too fails on UTC midnights.
		$this->assertSame( self::utc( $date, '08:00' ), $bookings['Studio closed']['starts_at'] );
	}

	public function test_kolkata_half_hour_offsets_give_the_exact_instants_and_local_all_day_midnights(): void {
		[ $date, $bookings ] = $this->import_christmas_eve( 'Asia/Kolkata' );

		$nine = $bookings['Christmas Eve call'];
		$this->assertSame( array( self::utc( $date, '03:30' ), self::utc( $date, '04:00' ) ), array( $nine['starts_at'], $nine['ends_at'] ), '09:00+05:30 is 03:30 UTC' );
		$this->assertSame( 'Asia/Kolkata', $nine['timezone'] );
		$late = $bookings['Late-morning call'];
		$this->assertSame( self::utc( $date, '06:00' ), $late['starts_at'], '11:30+05:30 is 06:00 UTC' );
		$this->assertSame( 'Asia/Kolkata', $late['timezone'], 'offset only: the calendar zone' );
		$all_day = $bookings['Studio closed'];
		$this->assertSame( array( $date, self::day_after( $date ) ), array( $all_day['start_date'], $all_day['end_date'] ) );
		// Here UTC midnight would still fall on the 24th locally (05:30), so the instant decides.
		$this->assertSame( self::utc( self::day_after( $date, -1 ), '18:30' ), $all_day['starts_at'], 'local midnight is 18:30 UTC the day before' );
	}

	public function test_a_los_angeles_all_day_event_reaches_outlook_through_the_peer_as_all_day_on_the_same_date(): void {
		$this->connect( 'microsoft', array( 'export' ) );
		[ $date ] = $this->import_christmas_eve( 'America/Los_Angeles' );

		for ( $run = 0; $run < 4; $run++ ) {
			do_action( Outbox::HOOK ); // 25 jobs a run: the seeded calendar and the three events.
		}

		// Titles are not shared by default, so the event is found by its dates.
		$bodies = array_map( static fn( $r ) => $r['body'], array_filter( Peer::stats()['requests'], static fn( $r ) => 'POST' === $r['method'] && '/api/microsoft/v1.0/me/events' === $r['path'] ) );
		$closed = array_values( array_filter( $bodies, static fn( $body ) => "{$date}T00:00:00" === ( $body['start']['dateTime'] ?? null ) ) );
		$this->assertCount( 1, $closed, 'the imported all-day event was exported to Outlook once, from local midnight' );
		$this->assertTrue( $closed[0]['isAllDay'], 'not a timed 24-hour event' );
		$this->assertSame( 'Pacific Standard Time', $closed[0]['start']['timeZone'] );
		$this->assertSame( array( self::day_after( $date ) . 'T00:00:00', 'Pacific Standard Time' ), array( $closed[0]['end']['dateTime'], $closed[0]['end']['timeZone'] ) );
		$this->assertEmpty( array_filter( $bodies, static fn( $body ) => str_starts_with( (string) ( $body['start']['dateTime'] ?? '' ), self::day_after( $date, -1 ) . 'T16:00' ) ), 'nothing on 23 December 16:00' );
	}
}
