<?php

namespace SyncWarden\Tests\Integration\Sync;

use SyncWarden\Sync\Outbox;
use SyncWarden\Tests\OAuthTestCase;
use SyncWarden\Tests\Peer;

/**
 * A copy of the site (staging, restored backup) answers on another address: it must not write
 * into the live calendar until an administrator confirms it is the live site.
 */
final class ClonedSiteTest extends OAuthTestCase {

	private const STAGING = 'http://staging.example.test';

	private function move_site(): void {
		add_filter( 'home_url', array( $this, 'staging_url' ) );
	}

	protected function tearDown(): void {
		remove_filter( 'home_url', array( $this, 'staging_url' ) );
		parent::tearDown();
	}

	public function staging_url( string $url ): string {
		return str_replace( 'http://127.0.0.1:8888', self::STAGING, $url );
	}

	private function api_requests(): int {
		return count( Peer::stats()['requests'] );
	}

	public function test_a_moved_site_pauses_import_and_export_and_says_why(): void {
		$connection = $this->connect( 'google', array( 'import', 'export' ) );
		$this->move_site();
		$before = $this->api_requests();

		$sync = $this->rest( 'POST', "/syncwarden/v1/connections/{$connection['id']}/sync" )->get_data();
		syncwarden_push_booking( array( 'title' => 'x', 'start' => '2026-12-01T09:00:00Z', 'end' => '2026-12-01T10:00:00Z' ) );
		do_action( Outbox::HOOK );

		$this->assertTrue( $sync['skipped'] );
		$this->assertSame( $before, $this->api_requests(), 'nothing reached the provider' );
		$this->assertTrue( $this->connections()[0]['site_moved'] );
		global $wpdb;
		$job = $wpdb->get_row( "SELECT status, attempts, last_error_kind FROM {$wpdb->prefix}syncwarden_outbox", ARRAY_A );
		$this->assertSame( array( 'pending', '0', 'site_moved' ), array( $job['status'], (string) $job['attempts'], $job['last_error_kind'] ) );
		ob_start();
		do_action( 'admin_notices' );
		$this->assertStringContainsString( 'SyncWarden paused syncing', (string) ob_get_clean() );
	}

	public function test_confirming_the_live_site_resumes_syncing(): void {
		$connection = $this->connect( 'google', array( 'import' ) );
		$this->move_site();

		$confirmed = $this->rest( 'POST', "/syncwarden/v1/connections/{$connection['id']}/confirm-site" )->get_data();
		$sync      = $this->rest( 'POST', "/syncwarden/v1/connections/{$connection['id']}/sync" )->get_data();

		$this->assertFalse( $confirmed['site_moved'] );
		$this->assertFalse( $sync['skipped'] );
		$this->assertGreaterThan( 0, $sync['created'] );
	}
}
