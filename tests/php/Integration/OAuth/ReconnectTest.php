<?php

namespace SyncWarden\Tests\Integration\OAuth;

use SyncWarden\Tests\OAuthTestCase;
use SyncWarden\Tests\Peer;

/**
 * Connecting again (issue 12, item 12): bookings and links are keyed by connection id, so the
 * same account keeps its connection; another account is a new source; the replaced grant is
 * revoked at the provider; and a connect that another one overtook (two tabs) is refused.
 */
final class ReconnectTest extends OAuthTestCase {

	private const EVENTS_PATH = '/api/google/calendar/v3/calendars/primary/events';

	private function sync( int $id ): array {
		$response = $this->rest( 'POST', "/syncwarden/v1/connections/$id/sync" );
		$this->assertSame( 200, $response->get_status(), wp_json_encode( $response->get_data() ) );
		return $response->get_data();
	}

	private static function count_rows( string $table ): int {
		global $wpdb;
		return (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$wpdb->prefix}syncwarden_$table" );
	}

	private static function api_status( string $access_token ): int {
		$response = wp_remote_get(
			Peer::url() . self::EVENTS_PATH . '?maxResults=1',
			array(
				'headers'         => array( 'Authorization' => 'Bearer ' . $access_token ),
				'sslcertificates' => Peer::ca(),
			)
		);
		return (int) wp_remote_retrieve_response_code( $response );
	}

	public function test_reconnecting_the_same_account_keeps_its_bookings_and_links_without_duplicates(): void {
		$id       = $this->connect( 'google', array( 'import' ) )['id'];
		$imported = $this->sync( $id )['created'];
		$this->assertGreaterThan( 10, $imported );

		$again = $this->connect( 'google', array( 'import' ) );
		$this->sync( $again['id'] );

		$this->assertSame( $id, $again['id'], 'the same account keeps its connection' );
		$this->assertCount( 1, $this->connections() );
		$this->assertSame( $imported, self::count_rows( 'bookings' ), 'no booking imported twice' );
		$this->assertSame( $imported, self::count_rows( 'booking_links' ) );
		$this->assertTrue( $this->rest( 'POST', "/syncwarden/v1/connections/$id/test" )->get_data()['ok'], 'the new grant is the one stored' );
	}

	public function test_reconnecting_revokes_the_replaced_grant_at_the_provider(): void {
		$id  = $this->connect( 'calendly', array( 'import' ) )['id'];
		$old = self::repository()->tokens( $id );

		$this->connect( 'calendly', array( 'import' ) );

		$new = self::repository()->tokens( $id );
		$this->assertNotSame( $old['refresh_token'], $new['refresh_token'] );
		$this->assertSame( 401, self::calendly_status( $old['access_token'] ), 'the replaced grant is revoked' );
		$this->assertSame( 200, self::calendly_status( $new['access_token'] ), 'the new grant works' );
	}

	private static function calendly_status( string $access_token ): int {
		$response = wp_remote_get(
			Peer::url() . '/api/calendly/users/me',
			array(
				'headers'         => array( 'Authorization' => 'Bearer ' . $access_token ),
				'sslcertificates' => Peer::ca(),
			)
		);
		return (int) wp_remote_retrieve_response_code( $response );
	}

	public function test_connecting_a_different_account_is_a_new_source(): void {
		$first = $this->connect( 'google', array( 'import' ) );
		$this->sync( $first['id'] );
		$this->configure( 'google' );
		$query = Peer::consent( $this->authorize_url( 'google', array( 'import' ) ) );
		// The connection test reads the account: this time another calendar owner's (Google's
		// events.list answer with `fields=summary`, as in the Calendar API reference).
		Peer::fail_next( self::EVENTS_PATH, array( 'status' => 200, 'headers' => array( 'Content-Type' => 'application/json' ), 'body' => '{"summary":"someone.else@example.test"}' ) );

		$this->assertSame( 'connected', $this->return_from_provider( 'google', $query ) );

		$connections = $this->connections();
		$this->assertCount( 1, $connections );
		$this->assertNotSame( $first['id'], $connections[0]['id'], 'another account is another source' );
		$this->assertSame( 'someone.else@example.test', $connections[0]['account_label'] );
		$this->assertSame( 0, $this->sync( $connections[0]['id'] )['unchanged'], 'nothing of the old account is taken as this one’s' );
	}

	public function test_a_connect_overtaken_by_another_tab_is_refused_and_its_grant_revoked(): void {
		$this->configure( 'calendly' );
		$first_tab  = Peer::consent( $this->authorize_url( 'calendly', array( 'import' ) ) );
		$second_tab = Peer::consent( $this->authorize_url( 'calendly', array( 'import' ) ) );

		$this->assertSame( 'connected', $this->return_from_provider( 'calendly', $second_tab ) );
		$stored = $this->connections()[0];
		$tokens = self::repository()->tokens( $stored['id'] );
		$this->assertSame( 'connect_superseded', $this->return_from_provider( 'calendly', $first_tab ) );

		$this->assertCount( 1, $this->connections() );
		$this->assertSame( $stored['id'], $this->connections()[0]['id'], 'the overtaken connect replaced nothing' );
		$this->assertSame( $tokens, self::repository()->tokens( $stored['id'] ) );
		$this->assertSame( 1, Peer::stats()['revocation'], 'the overtaken grant was revoked' );
		$this->assertSame( 200, self::calendly_status( $tokens['access_token'] ), 'the stored grant still works' );
	}
}
