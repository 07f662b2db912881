<?php

namespace SyncWarden\Tests\Integration\Sync;

use SyncWarden\Plugin;
use SyncWarden\Storage\ImportedBookingsRepository;
use SyncWarden\Sync\Outbox;
use SyncWarden\Tests\Harness\SearchReplace;
use SyncWarden\Tests\Peer;
use SyncWarden\Tests\WebhookTestCase;
use SyncWarden\Webhooks\PushSubscriptions;

/**
 * A copy of the site (staging, a restored backup) made the way migration tools make one: the
 * database copied and every occurrence of the old address search-replaced, SyncWarden's tables
 * included. The copy holds the live site's grants; it must not use them — no API call, refresh,
 * push renewal, test, revocation (disconnect, revoke all, uninstall) — until an administrator
 * confirms it is the live site.
 */
final class ClonedSiteTest extends WebhookTestCase {

	private const LIVE    = 'http://127.0.0.1:8888';
	// Same host, another port: WP_HTTP_BLOCK_EXTERNAL lets the copy reach the peer as the live site
	// can, so only the clone lock can stop its calls.
	private const STAGING = 'http://127.0.0.1:8899';

	protected function tearDown(): void {
		add_filter( 'option_home', '_config_wp_home' );
		add_filter( 'option_siteurl', '_config_wp_siteurl' );
		parent::tearDown();
	}

	/**
	 * Copies the site to the staging address, as a migration tool does. The test site's
	 * wp-config pins the address with WP_HOME (core's option filters); a copy takes it from its
	 * database, so those filters are lifted for the test.
	 */
	private function copy_site(): void {
		remove_filter( 'option_home', '_config_wp_home' );
		remove_filter( 'option_siteurl', '_config_wp_siteurl' );
		$this->assertGreaterThan( 0, SearchReplace::run( self::LIVE, self::STAGING ) );
		$this->assertSame( self::STAGING, home_url() );
	}

	private function peer_requests(): int {
		return count( Peer::stats()['requests'] );
	}

	private function connections_table(): array {
		global $wpdb;
		return $wpdb->get_results( "SELECT * FROM {$wpdb->prefix}syncwarden_connections ORDER BY id", ARRAY_A );
	}

	public function test_a_search_replaced_copy_is_detected_although_the_stored_address_was_rewritten(): void {
		$this->connect( 'google', array( 'import' ) );
		$before = $this->connections_table()[0];

		$this->copy_site();

		$after = $this->connections_table()[0];
		$this->assertSame( self::STAGING, $after['home_url'], 'the tool rewrote the stored address' );
		$this->assertSame( $before['site_key'], $after['site_key'], 'the fingerprint holds no address to rewrite' );
		$this->assertStringNotContainsString( '127.0.0.1', $after['site_key'] );
		$this->assertTrue( $this->connections()[0]['site_moved'] );
	}

	public function test_a_copy_sends_nothing_to_the_provider_on_any_path_until_confirmed(): void {
		$google = $this->connect_with_push( 'google' );
		$this->connect( 'hubspot', array( 'export' ) );
		syncwarden_push_booking( array( 'title' => 'x', 'start' => '2026-12-01T09:00:00Z', 'end' => '2026-12-01T10:00:00Z', 'customer_email' => 'a@example.test' ) );
		$this->copy_site();
		self::expire_access_token( $google['id'] ); // Every use would refresh first.
		self::store()->update( $google['id'], array( 'expires_at' => time() + 3600 ) ); // Channel renewal due.
		$before = $this->peer_requests();

		$sync = $this->rest( 'POST', "/syncwarden/v1/connections/{$google['id']}/sync" )->get_data();
		do_action( Outbox::HOOK );
		do_action( PushSubscriptions::RENEW_HOOK );
		$test = $this->rest( 'POST', "/syncwarden/v1/connections/{$google['id']}/test" )->get_data();

		$this->assertSame( $before, $this->peer_requests(), 'nothing reached the provider' );
		$this->assertTrue( $sync['skipped'] );
		$this->assertFalse( $test['ok'] );
		$this->assertStringContainsString( 'copy of the site', $test['message'] );
		global $wpdb;
		$job = $wpdb->get_row( "SELECT status, attempts, last_error_kind FROM {$wpdb->prefix}syncwarden_outbox", ARRAY_A );
		$this->assertSame( array( 'pending', '0', 'site_moved' ), array( $job['status'], (string) $job['attempts'], $job['last_error_kind'] ) );
		$this->assertSame( 'connected', $this->connections()[0]['status'], 'a paused copy is not a failing connection' );
		ob_start();
		do_action( 'admin_notices' );
		$this->assertStringContainsString( 'SyncWarden paused syncing', (string) ob_get_clean() );
	}

	public function test_disconnecting_on_a_copy_deletes_the_tokens_here_and_leaves_the_live_grant(): void {
		$id = $this->connect( 'google', array( 'import' ) )['id'];
		$this->copy_site();
		$before = $this->peer_requests();

		$result = $this->rest( 'DELETE', "/syncwarden/v1/connections/$id" )->get_data();

		$this->assertSame( 'skipped', $result['remote'] );
		$this->assertStringContainsString( 'copy of the site', $result['message'] );
		$this->assertSame( $before, $this->peer_requests(), 'no revocation was sent' );
		$this->assertSame( array(), $this->connections_table() );
	}

	public function test_removing_the_imported_bookings_on_a_copy_removes_them_here_and_sends_nothing(): void {
		$id = $this->connect( 'google', array( 'import' ) )['id'];
		$imported = $this->rest( 'POST', "/syncwarden/v1/connections/$id/sync" )->get_data()['created'];
		$this->copy_site();
		$before = $this->peer_requests();

		$result = $this->rest( 'DELETE', "/syncwarden/v1/connections/$id", array( 'imported' => 'remove' ) )->get_data();

		$this->assertSame( array( 'skipped', $imported ), array( $result['remote'], $result['removed_bookings'] ) );
		$this->assertGreaterThan( 10, $imported );
		$this->assertSame( $before, $this->peer_requests(), 'nothing was sent: no revocation, no event touched' );
		$this->assertSame( array(), $this->connections_table() );
		$this->assertSame( 0, ( new ImportedBookingsRepository() )->count( "google-$id" ) );
	}

	public function test_revoke_all_on_a_copy_revokes_nothing_at_the_providers(): void {
		$this->connect( 'google', array( 'import' ) );
		$this->connect( 'hubspot', array( 'export' ) );
		$this->copy_site();
		$before = $this->peer_requests();

		$outcomes = $this->rest( 'POST', '/syncwarden/v1/connections/revoke-all', array( 'confirm' => true ) )->get_data()['outcomes'];

		$this->assertSame( array( 'skipped', 'skipped' ), array_values( array_column( $outcomes, 'remote' ) ) );
		$this->assertSame( $before, $this->peer_requests() );
		$this->assertSame( array(), $this->connections_table() );
	}

	public function test_deleting_the_plugin_on_a_copy_revokes_nothing_at_the_providers(): void {
		$this->connect_with_push( 'google' );
		$this->connect( 'hubspot', array( 'export' ) );
		$this->copy_site();
		$before = $this->peer_requests();

		$this->assertSame( 2, Plugin::disconnect_all_for_uninstall() ); // What uninstall.php runs before the wipe.

		$this->assertSame( $before, $this->peer_requests(), 'no revocation, no channel stopped' );
		$this->assertSame( array(), $this->connections_table() );
	}

	public function test_confirming_the_live_site_is_the_audited_override_and_resumes_syncing(): void {
		$connection = $this->connect( 'google', array( 'import' ) );
		$this->copy_site();

		$confirmed = $this->rest( 'POST', "/syncwarden/v1/connections/{$connection['id']}/confirm-site" )->get_data();
		$sync      = $this->rest( 'POST', "/syncwarden/v1/connections/{$connection['id']}/sync" )->get_data();

		$this->assertFalse( $confirmed['site_moved'] );
		$this->assertArrayHasKey( 'skipped', $sync, wp_json_encode( $sync ) );
		$this->assertFalse( $sync['skipped'] );
		$this->assertGreaterThan( 0, $sync['created'] );
		$audit = wp_list_filter( $this->rest( 'GET', '/syncwarden/v1/audit' )->get_data(), array( 'event' => 'connection.site_confirmed' ) );
		$this->assertCount( 1, $audit );
	}
}
