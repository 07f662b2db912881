<?php

namespace SyncWarden\Tests\Integration\Audit;

use SyncWarden\Audit\AuditLog;
use SyncWarden\Tests\Harness\CanaryScanner;
use SyncWarden\Tests\TestCase;

final class AuditLogTest extends TestCase {

	private AuditLog $log;

	protected function setUp(): void {
		parent::setUp();
		$this->log = new AuditLog();
		global $wpdb;
		$wpdb->query( "DELETE FROM {$wpdb->prefix}syncwarden_audit" );
	}

	private function seed(): void {
		$this->log_in_as( 'administrator' );
		$this->log->record( 'connection.connected', array( 'provider' => 'google', 'connection_id' => 4 ) );
		$this->log->record( 'connection.refresh_failed', array( 'provider' => 'google', 'connection_id' => 4, 'result' => 'failed', 'kind' => 'transient' ) );
		wp_set_current_user( 0 );
		$this->log->record( 'export.sent', array( 'provider' => 'hubspot', 'connection_id' => 5, 'booking_id' => 12, 'fields' => array( 'email', 'name' ) ) );
	}

	private function get( array $params = array() ) {
		$this->log_in_as( 'administrator' );
		return $this->rest( 'GET', '/syncwarden/v1/audit', $params );
	}

	public function test_records_who_what_which_result_and_field_names_in_columns(): void {
		$this->seed();

		$entry = $this->log->recent( 1 )[0];

		$this->assertSame( 'export.sent', $entry['event'] );
		$this->assertSame( 0, $entry['user_id'] );
		$this->assertSame( 'System', $entry['user'] );
		$this->assertSame( array( 'hubspot', 5, 12, array( 'email', 'name' ), 'ok' ), array( $entry['provider'], $entry['connection_id'], $entry['booking_id'], $entry['fields'], $entry['result'] ) );
	}

	public function test_secret_values_never_reach_the_table(): void {
		$this->log->record( 'test.leak', array( 'detail' => 'Authorization: Bearer canary-bearer-1', 'refresh_token' => 'canary-refresh-2', 'url' => 'https://x.test/?code=canary-code-3' ) );

		$scanner = ( new CanaryScanner( array( 'canary-bearer-1', 'canary-refresh-2', 'canary-code-3' ) ) )->scan_database();

		$this->assertSame( array(), $scanner->findings() );
	}

	public function test_rest_filters_by_action_result_connection_and_search_server_side(): void {
		$this->seed();

		$this->assertSame( array( 'connection.refresh_failed' ), array_column( $this->get( array( 'result' => 'failed' ) )->get_data(), 'event' ) );
		$this->assertSame( array( 'export.sent' ), array_column( $this->get( array( 'connection_id' => 5 ) )->get_data(), 'event' ) );
		$this->assertSame( array( 'connection.connected' ), array_column( $this->get( array( 'action' => 'connection.connected' ) )->get_data(), 'event' ) );
		$this->assertSame( array( 'connection.refresh_failed' ), array_column( $this->get( array( 'search' => 'transient' ) )->get_data(), 'event' ) );
	}

	public function test_rest_entries_keep_context_a_json_object_even_when_empty(): void {
		$this->seed();

		$json = wp_json_encode( rest_get_server()->response_to_data( $this->get( array( 'action' => 'connection.connected' ) ), false ) );

		$this->assertStringContainsString( '"context":{}', $json );
	}

	public function test_rest_pages_with_totals_in_headers(): void {
		$this->seed();

		$response = $this->get( array( 'per_page' => 2, 'page' => 2 ) );

		$this->assertCount( 1, $response->get_data() );
		$this->assertSame( '3', $response->get_headers()['X-WP-Total'] );
		$this->assertSame( '2', $response->get_headers()['X-WP-TotalPages'] );
	}

	public function test_bad_filters_are_refused_with_a_400(): void {
		foreach ( array( array( 'per_page' => 1000 ), array( 'result' => 'maybe' ), array( 'action' => 'DROP TABLE' ), array( 'search' => str_repeat( 'x', 101 ) ), array( 'page' => 0 ) ) as $params ) {
			$this->assertSame( 400, $this->get( $params )->get_status(), wp_json_encode( $params ) );
		}
	}

	public function test_csv_export_defuses_spreadsheet_formulas(): void {
		$this->log->record( '=cmd|calc', array( 'provider' => 'google' ) );
		$this->log_in_as( 'administrator' );

		$export = $this->rest( 'GET', '/syncwarden/v1/audit/export' )->get_data();

		$this->assertStringStartsWith( 'syncwarden-activity-', $export['filename'] );
		$this->assertStringStartsWith( '"time_utc","user","event"', $export['csv'] );
		$this->assertStringContainsString( "\"'=cmd|calc\"", $export['csv'] );
		$this->assertStringNotContainsString( ',"=cmd', $export['csv'] );
	}

	public function test_purge_keeps_only_the_retention_period(): void {
		global $wpdb;
		$this->log->record( 'old.event' );
		$wpdb->query( "UPDATE {$wpdb->prefix}syncwarden_audit SET created_at = " . ( time() - 91 * DAY_IN_SECONDS ) );
		$this->log->record( 'new.event' );

		do_action( AuditLog::PURGE_HOOK );

		$this->assertSame( array( 'new.event' ), array_column( $this->log->recent( 10 ), 'event' ) );
	}

	public function test_purge_is_scheduled_daily_on_admin_requests(): void {
		wp_clear_scheduled_hook( AuditLog::PURGE_HOOK );
		$this->assertNotFalse( has_action( 'admin_init', array( AuditLog::class, 'schedule_purge' ) ) );

		AuditLog::schedule_purge();

		$this->assertSame( 'daily', wp_get_schedule( AuditLog::PURGE_HOOK ) );
		$this->assertNotFalse( has_action( AuditLog::PURGE_HOOK ) );
	}
}
