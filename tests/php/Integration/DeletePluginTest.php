<?php

namespace SyncWarden\Tests\Integration;

use SyncWarden\Tests\Harness\CanaryScanner;
use SyncWarden\Tests\OAuthTestCase;
use SyncWarden\Tests\Peer;

/**
 * The site owner's path: a site in real use (three connections, an import, an outbox job,
 * settings, a dismissed notice) is deactivated and deleted through WordPress's own
 * uninstall_plugin(). Every grant is revoked at its provider, and a full database dump holds
 * nothing of SyncWarden — no table, no row, no token.
 */
final class DeletePluginTest extends OAuthTestCase {

	private const BASENAME = 'syncwarden/plugin.php';

	/**
	 * Connects for real and returns the connection's tokens (read while they still exist).
	 */
	private function connect_and_read_tokens( string $provider, array $features ): array {
		$id = $this->connect( $provider, $features )['id'];
		return array( 'id' => $id ) + self::repository()->tokens( $id );
	}

	private static function api_status( string $provider, string $path, string $access_token ): int {
		$response = wp_remote_get(
			Peer::url() . "/api/$provider$path",
			array(
				'headers'         => array( 'Authorization' => 'Bearer ' . $access_token ),
				'sslcertificates' => Peer::ca(),
			)
		);
		return (int) wp_remote_retrieve_response_code( $response );
	}

	public function test_deleting_the_plugin_revokes_every_grant_and_leaves_nothing_in_a_full_database_dump(): void {
		global $wpdb;
		update_option( 'blogname', 'Booking site' ); // The dev sites are called "SyncWarden Dev".
		$google   = $this->connect_and_read_tokens( 'google', array( 'import' ) );
		$calendly = $this->connect_and_read_tokens( 'calendly', array( 'import' ) );
		$hubspot  = $this->connect_and_read_tokens( 'hubspot', array( 'export' ) );
		$this->assertSame( 200, $this->rest( 'POST', "/syncwarden/v1/connections/{$google['id']}/sync" )->get_status() );
		$this->assertSame( 201, $this->rest( 'POST', '/syncwarden/v1/bookings', array( 'title' => 'Call', 'start' => '2030-01-02T10:00:00+01:00', 'end' => '2030-01-02T10:30:00+01:00', 'timezone' => 'Europe/Rome', 'customer_email' => 'ada@example.test' ) )->get_status() );
		$this->rest( 'PUT', '/syncwarden/v1/settings', array( 'failure_threshold' => 4 ) );
		update_user_meta( $this->admin_id, 'syncwarden_dismissed_connection_notices', array( $google['id'] => 1 ) );
		$this->assertSame( 200, self::api_status( 'google', '/calendar/v3/calendars/primary/events?maxResults=1', $google['access_token'] ), 'the grant works before' );
		$revocations = Peer::stats()['revocation'];

		deactivate_plugins( self::BASENAME, true );
		$this->assertTrue( uninstall_plugin( self::BASENAME ) );

		$this->assertSame( $revocations + 3, Peer::stats()['revocation'], 'one revocation per connection' );
		$this->assertSame( 401, self::api_status( 'google', '/calendar/v3/calendars/primary/events?maxResults=1', $google['access_token'] ) );
		$this->assertSame( 401, self::api_status( 'calendly', '/users/me', $calendly['access_token'] ) );
		$this->assertSame( 401, self::api_status( 'hubspot', '/crm/v3/objects/contacts?limit=1', $hubspot['access_token'] ) );

		$this->assertSame( array(), $wpdb->get_col( "SHOW TABLES LIKE '%syncwarden%'" ) );
		$tokens  = array_filter( array_merge( array_values( $google ), array_values( $calendly ), array_values( $hubspot ) ), static fn( $v ) => is_string( $v ) && strlen( $v ) >= 8 );
		$scanner = ( new CanaryScanner( array_merge( array( 'syncwarden', 'SyncWarden', 'sandbox-google-secret' ), $tokens ) ) )->scan_database();
		$this->assertSame( array(), $scanner->findings() );
		wp_cache_flush();
		$this->assertSame( array(), array_filter( array_keys( _get_cron_array() ), static fn( $t ) => str_contains( (string) wp_json_encode( _get_cron_array()[ $t ] ), 'syncwarden' ) ) );
	}
}
