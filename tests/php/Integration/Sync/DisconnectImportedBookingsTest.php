<?php

namespace SyncWarden\Tests\Integration\Sync;

use SyncWarden\Audit\AuditLog;
use SyncWarden\Tests\ExportTestCase;
use SyncWarden\Tests\Peer;
use WP_REST_Response;

/**
 * Disconnecting asks what becomes of the bookings the connection imported (issue 14): kept (the
 * default, as before) or removed from this site — exactly that connection's imports, with their
 * links and outbox jobs, nothing sent to any provider, the count audited. Kept bookings come back
 * to the account's next connection instead of being imported twice.
 */
final class DisconnectImportedBookingsTest extends ExportTestCase {

	private const GOOGLE_EVENTS = '/api/google/calendar/v3/calendars/primary/events';

	private function connection_of( string $provider ): array {
		return array_values( array_filter( $this->connections(), static fn( array $c ): bool => $c['provider'] === $provider ) )[0];
	}

	private function sync( int $id ): array {
		$response = $this->rest( 'POST', "/syncwarden/v1/connections/$id/sync" );
		$this->assertSame( 200, $response->get_status(), wp_json_encode( $response->get_data() ) );
		return $response->get_data();
	}

	private function disconnect( int $id, array $params = array() ): WP_REST_Response {
		return $this->rest( 'DELETE', "/syncwarden/v1/connections/$id", $params );
	}

	/** Booking ids by source. */
	private static function bookings( string $source ): array {
		global $wpdb;
		return array_map( 'intval', $wpdb->get_col( $wpdb->prepare( "SELECT id FROM {$wpdb->prefix}syncwarden_bookings WHERE source = %s ORDER BY id", $source ) ) );
	}

	/** Rows of a table that belong to these bookings. */
	private static function rows_of( string $table, array $booking_ids ): int {
		global $wpdb;
		$ids = implode( ',', array_map( 'intval', $booking_ids ) ?: array( 0 ) );
		return (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$wpdb->prefix}syncwarden_$table WHERE booking_id IN ($ids)" );
	}

	private static function count_rows( string $table ): int {
		global $wpdb;
		return (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$wpdb->prefix}syncwarden_$table" );
	}

	private static function last_entry( string $event ): array {
		return array_values( array_filter( ( new AuditLog() )->recent( 50 ), static fn( array $e ): bool => $e['event'] === $event ) )[0];
	}

	public function test_the_connection_says_how_many_bookings_it_imported(): void {
		$id      = $this->connect( 'google', array( 'import' ) )['id'];
		$created = $this->sync( $id )['created'];

		$this->assertGreaterThan( 10, $created );
		$this->assertSame( $created, $this->connection_of( 'google' )['imported_bookings'] );
	}

	public function test_keeping_is_the_default_and_leaves_every_imported_booking(): void {
		$id = $this->connect( 'google', array( 'import' ) )['id'];
		$this->sync( $id );
		$imported = self::bookings( "google-$id" );

		$result = $this->disconnect( $id )->get_data();

		$this->assertSame( array( 'keep', 0, count( $imported ) ), array( $result['imported'], $result['removed_bookings'], $result['kept_bookings'] ) );
		$this->assertSame( array(), $this->connections() );
		$this->assertSame( $imported, self::bookings( "google-$id" ), 'every imported booking is still there' );
		$this->assertSame( count( $imported ), self::rows_of( 'booking_links', $imported ), 'still linked to their events' );
		$entry = self::last_entry( 'connection.disconnected' );
		$this->assertSame( array( 'kept', count( $imported ) ), array( $entry['context']['imported'], $entry['context']['imported_bookings'] ) );
	}

	public function test_removing_deletes_exactly_this_connections_imports_with_their_links_and_jobs_and_sends_nothing(): void {
		$google = $this->connect( 'google', array( 'import', 'export' ) )['id'];
		$this->connect( 'microsoft', array( 'import' ) );
		$this->connect( 'hubspot', array( 'export' ) );
		$outlook = $this->connection_of( 'microsoft' )['id'];
		$site    = syncwarden_push_booking( self::CONSULTATION )['id'];
		$this->run_outbox(); // The site's booking is now an event in Google and a contact in HubSpot.
		$this->sync( $google );
		$this->sync( $outlook );
		$mine   = self::bookings( "google-$google" );
		$others = self::bookings( "microsoft-$outlook" );
		$this->assertGreaterThan( 10, count( $mine ) );
		$this->assertGreaterThan( 0, self::rows_of( 'outbox', $mine ), 'imported bookings are queued for HubSpot' );
		$site_links = self::rows_of( 'booking_links', array( $site ) );
		$site_jobs  = self::rows_of( 'outbox', array( $site ) );
		$this->assertSame( 2, $site_links, 'exported to Google and HubSpot' );
		$requests = count( Peer::stats()['requests'] );

		$result = $this->disconnect( $google, array( 'imported' => 'remove' ) );

		$this->assertSame( 200, $result->get_status(), wp_json_encode( $result->get_data() ) );
		$this->assertSame( array( 'remove', count( $mine ), 0 ), array( $result->get_data()['imported'], $result->get_data()['removed_bookings'], $result->get_data()['kept_bookings'] ) );
		$this->assertSame( array(), self::bookings( "google-$google" ) );
		$this->assertSame( 0, self::rows_of( 'booking_links', $mine ), 'their links went with them' );
		$this->assertSame( 0, self::rows_of( 'outbox', $mine ), 'their jobs went with them' );
		$this->assertSame( $others, self::bookings( "microsoft-$outlook" ), 'another connection’s imports stay' );
		$this->assertSame( array( $site ), self::bookings( 'api' ), 'a booking made on the site stays, though it was exported to Google' );
		$this->assertSame( array( $site_links, $site_jobs ), array( self::rows_of( 'booking_links', array( $site ) ), self::rows_of( 'outbox', array( $site ) ) ) );
		$sent = array_slice( Peer::stats()['requests'], $requests );
		$changes = array_filter( $sent, static fn( array $r ): bool => 'GET' !== $r['method'] && ( str_contains( $r['path'], '/events' ) || str_contains( $r['path'], '/crm/' ) ) );
		$this->assertSame( array(), array_values( $changes ), 'no event or contact deleted or changed anywhere' );
		$this->assertSame( 1, Peer::stats()['revocation'] );
		$entry = self::last_entry( 'connection.disconnected' );
		$this->assertSame( array( $google, 'removed', count( $mine ) ), array( $entry['connection_id'], $entry['context']['imported'], $entry['context']['imported_bookings'] ) );
		$this->assertStringNotContainsString( '@', wp_json_encode( $entry ), 'no e-mail address or other booking data in the audit entry' );
	}

	public function test_a_choice_that_is_neither_keep_nor_remove_is_refused_in_words_and_changes_nothing(): void {
		$id = $this->connect( 'google', array( 'import' ) )['id'];
		$this->sync( $id );
		$imported = self::bookings( "google-$id" );

		$response = $this->disconnect( $id, array( 'imported' => 'delete-everything' ) );

		$this->assertSame( 400, $response->get_status() );
		$this->assertSame( 'Nothing was changed. Bookings imported from this account: Choose one of the offered options.', $response->get_data()['message'] );
		$this->assertSame( 'Choose one of the offered options.', $response->get_data()['data']['params']['imported'] );
		$this->assertCount( 1, $this->connections(), 'still connected' );
		$this->assertSame( $imported, self::bookings( "google-$id" ) );
		$this->assertSame( 0, Peer::stats()['revocation'] );
	}

	public function test_reconnecting_the_account_after_keeping_takes_its_bookings_back_without_duplicates(): void {
		$first    = $this->connect( 'google', array( 'import' ) )['id'];
		$imported = $this->sync( $first )['created'];
		$this->assertSame( 'keep', $this->disconnect( $first, array( 'imported' => 'keep' ) )->get_data()['imported'] );

		$again = $this->connect( 'google', array( 'import' ) );
		$run   = $this->sync( $again['id'] );

		$this->assertNotSame( $first, $again['id'], 'a disconnect ends the connection; the account comes back as a new one' );
		$this->assertSame( $imported, $again['imported_bookings'], 'the kept bookings are this connection’s again' );
		$this->assertSame( 0, $run['created'], 'no event imported twice' );
		$this->assertSame( $imported, self::count_rows( 'bookings' ) );
		$this->assertSame( $imported, count( self::bookings( "google-{$again['id']}" ) ) );
		$this->assertSame( $imported, self::count_rows( 'booking_links' ) );
		$this->assertSame( $again['id'], self::last_entry( 'connection.kept_bookings_adopted' )['connection_id'] );
	}

	public function test_another_account_connected_after_keeping_does_not_take_the_kept_bookings(): void {
		$first    = $this->connect( 'google', array( 'import' ) )['id'];
		$imported = $this->sync( $first )['created'];
		$this->disconnect( $first );
		$this->configure( 'google' );
		$query = Peer::consent( $this->authorize_url( 'google', array( 'import' ) ) );
		// The connection test reads the account: this time another calendar owner's (Google's
		// events.list answer with `fields=summary`, as in the Calendar API reference).
		Peer::fail_next( self::GOOGLE_EVENTS, array( 'status' => 200, 'headers' => array( 'Content-Type' => 'application/json' ), 'body' => '{"summary":"someone.else@example.test"}' ) );
		$this->assertSame( 'connected', $this->return_from_provider( 'google', $query ) );

		$other = $this->connection_of( 'google' );

		$this->assertSame( 0, $other['imported_bookings'] );
		$this->assertCount( $imported, self::bookings( "google-$first" ), 'the kept bookings stay as they were' );
	}
}
