<?php

namespace SyncWarden\Tests\Integration;

use SyncWarden\Tests\TestCase;

final class SiteHealthTest extends TestCase {

	private function run_test( string $name ): array {
		$tests = apply_filters( 'site_status_tests', array( 'direct' => array(), 'async' => array() ) );
		return call_user_func( $tests['direct'][ $name ]['test'] );
	}

	public function test_registers_the_security_and_health_checks(): void {
		$tests = apply_filters( 'site_status_tests', array( 'direct' => array(), 'async' => array() ) );

		foreach ( array( 'sodium', 'encryption_key', 'stored_secrets', 'https', 'tls_transport', 'cron', 'connections', 'outbox', 'push' ) as $name ) {
			$this->assertArrayHasKey( "syncwarden_$name", $tests['direct'] );
		}
	}

	public function test_a_connection_that_needs_reconnecting_is_critical(): void {
		$this->assertSame( 'good', $this->run_test( 'syncwarden_connections' )['status'] );
		$repository = new \SyncWarden\Storage\ConnectionsRepository( new \SyncWarden\Storage\Vault( \SyncWarden\Storage\KeyRing::from_wp_config() ) );
		$id         = $repository->create(
			array( 'provider' => 'google', 'features' => array( 'import' ), 'requested_scopes' => array(), 'granted_scopes' => array(), 'account_label' => '', 'token_endpoint' => 'https://example.test/t', 'api_base' => 'https://example.test' ),
			array( 'access_token' => 'peercanary-at-health', 'refresh_token' => null, 'expires_at' => null )
		);

		$repository->record_health( $id, 'reconnect_needed', 'auth_revoked', 'invalid_grant' );

		$result = $this->run_test( 'syncwarden_connections' );
		$this->assertSame( 'critical', $result['status'] );
		$this->assertStringContainsString( 'google', $result['description'] );
	}

	public function test_parked_booking_changes_are_a_recommended_fix(): void {
		$this->assertSame( 'good', $this->run_test( 'syncwarden_outbox' )['status'] );
		$jobs = new \SyncWarden\Storage\OutboxRepository();
		$jobs->enqueue( 1, 1, 'upsert' );
		global $wpdb;
		$wpdb->query( "UPDATE {$wpdb->prefix}syncwarden_outbox SET status = 'parked'" );

		$this->assertSame( 'recommended', $this->run_test( 'syncwarden_outbox' )['status'] );
	}

	public function test_native_sodium_is_good(): void {
		$this->assertSame( 'good', $this->run_test( 'syncwarden_sodium' )['status'] );
	}

	public function test_salts_derived_key_is_a_recommended_improvement_with_the_exact_line_and_no_real_key(): void {
		$result = $this->run_test( 'syncwarden_encryption_key' );

		$this->assertSame( 'recommended', $result['status'] );
		$this->assertStringContainsString( "define( 'SYNCWARDEN_ENCRYPTION_KEY', 'paste-the-generated-key-here' );", $result['actions'] );
		$this->assertStringContainsString( 'random_bytes( 32 )', $result['actions'] );
	}

	public function test_stored_secrets_check_turns_critical_when_a_secret_is_unreadable(): void {
		$this->assertSame( 'good', $this->run_test( 'syncwarden_stored_secrets' )['status'] );
		update_option( 'syncwarden_credentials_google', array( 'client_id' => 'id', 'client_secret' => 'sw1$0123456789abcdef$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'updated_at' => 1 ), false );
		delete_option( 'syncwarden_key_fingerprint' );

		$this->assertSame( 'critical', $this->run_test( 'syncwarden_stored_secrets' )['status'] );
	}

	public function test_a_plain_http_site_is_told_why_providers_need_https(): void {
		$result = $this->run_test( 'syncwarden_https' ); // The test site answers on http://127.0.0.1.

		$this->assertSame( 'recommended', $result['status'] );
		$this->assertStringContainsString( 'Settings → General', $result['description'] );

		$https = static fn() => 'https://bookings.example.com';
		add_filter( 'option_home', $https );
		add_filter( 'option_siteurl', $https );
		$secure = $this->run_test( 'syncwarden_https' )['status'];
		remove_filter( 'option_home', $https );
		remove_filter( 'option_siteurl', $https );
		$this->assertSame( 'good', $secure );
	}

	public function test_a_sync_overdue_by_more_than_an_hour_means_cron_is_not_running(): void {
		wp_schedule_single_event( time() - 20 * MINUTE_IN_SECONDS, 'syncwarden_sync_soon', array( 99 ) );
		$this->assertSame( 'good', $this->run_test( 'syncwarden_cron' )['status'], 'late, but within the grace' );

		wp_schedule_single_event( time() - 3 * HOUR_IN_SECONDS, 'syncwarden_sync_soon', array( 98 ) );
		$result = $this->run_test( 'syncwarden_cron' );

		$this->assertSame( 'critical', $result['status'] );
		$this->assertStringContainsString( '180 minutes overdue', $result['description'] );
		$this->assertStringContainsString( 'DISABLE_WP_CRON is set', $result['description'], 'the test sites disable WP-Cron, so the advice is about the system cron job' );
	}

	public function test_debug_information_lists_facts_and_no_secret(): void {
		$repository = new \SyncWarden\Storage\ConnectionsRepository( new \SyncWarden\Storage\Vault( \SyncWarden\Storage\KeyRing::from_wp_config() ) );
		$repository->create(
			array( 'provider' => 'google', 'features' => array( 'import' ), 'requested_scopes' => array(), 'granted_scopes' => array(), 'account_label' => 'owner@example.test', 'token_endpoint' => 'https://example.test/t', 'api_base' => 'https://example.test' ),
			array( 'access_token' => 'peercanary-at-debuginfo', 'refresh_token' => 'peercanary-rt-debuginfo', 'expires_at' => null )
		);

		$info = apply_filters( 'debug_information', array() )['syncwarden'];

		$this->assertSame( 'google (connected): 1', $info['fields']['connections']['value'] );
		$this->assertSame( 'salts', $info['fields']['key_source']['value'] );
		$text = wp_json_encode( $info );
		foreach ( array( 'peercanary', 'owner@example.test', \SyncWarden\Storage\KeyRing::from_wp_config()->current_id() ) as $secret ) {
			$this->assertStringNotContainsString( (string) $secret, $text );
		}
	}
}
