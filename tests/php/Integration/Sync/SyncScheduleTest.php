<?php

namespace SyncWarden\Tests\Integration\Sync;

use SyncWarden\Sync\Importer;
use SyncWarden\Tests\OAuthTestCase;

/**
 * Each importing connection has its own WP-Cron event at its own interval; push requests add one
 * coalesced run soon; the admin screen sees the last and next run.
 */
final class SyncScheduleTest extends OAuthTestCase {

	private static function scheduled( string $hook, int $id ): ?array {
		foreach ( _get_cron_array() as $time => $hooks ) {
			foreach ( $hooks[ $hook ] ?? array() as $event ) {
				if ( array( $id ) === $event['args'] ) {
					return array( 'time' => $time ) + $event;
				}
			}
		}
		return null;
	}

	private function described( int $id ): array {
		$response = $this->rest( 'GET', '/syncwarden/v1/connections' );
		return array_values( array_filter( $response->get_data(), static fn( $c ) => $c['id'] === $id ) )[0];
	}

	public function test_connecting_an_importing_calendar_schedules_it_every_15_minutes(): void {
		$id = $this->connect( 'google', array( 'import' ) )['id'];

		$event = self::scheduled( Importer::HOOK, $id );

		$this->assertNotNull( $event );
		$this->assertSame( 15 * MINUTE_IN_SECONDS, $event['interval'] );
		$this->assertSame( $event['time'], $this->described( $id )['sync']['next_run'] );
	}

	public function test_the_first_automatic_sync_after_connecting_is_one_chosen_interval_away(): void {
		$id = $this->connect( 'google', array( 'import' ) )['id'];

		$this->assertEqualsWithDelta( time() + 15 * MINUTE_IN_SECONDS, $this->described( $id )['sync']['next_run'], 5 );

		$this->rest( 'PUT', "/syncwarden/v1/connections/$id/schedule", array( 'interval' => 60 ) );
		$this->assertEqualsWithDelta( time() + HOUR_IN_SECONDS, $this->described( $id )['sync']['next_run'], 5 );
	}

	public function test_sync_now_moves_the_next_automatic_sync_one_interval_from_now(): void {
		$id = $this->connect( 'google', array( 'import' ) )['id'];
		// Due in a minute, as if the interval had nearly run out.
		wp_clear_scheduled_hook( Importer::HOOK, array( $id ) );
		wp_schedule_event( time() + MINUTE_IN_SECONDS, 'syncwarden_every_15_minutes', Importer::HOOK, array( $id ) );

		$response = $this->rest( 'POST', "/syncwarden/v1/connections/$id/sync" );

		$this->assertSame( 200, $response->get_status() );
		$this->assertEqualsWithDelta( time() + 15 * MINUTE_IN_SECONDS, $response->get_data()['connection']['sync']['next_run'], 5 );
		$this->assertSame( 15 * MINUTE_IN_SECONDS, self::scheduled( Importer::HOOK, $id )['interval'] );
	}

	public function test_an_export_only_connection_has_no_import_schedule(): void {
		$id = $this->connect( 'hubspot', array( 'export' ) )['id'];

		$this->assertNull( self::scheduled( Importer::HOOK, $id ) );
		$this->assertFalse( $this->described( $id )['sync']['imports'] );
	}

	public function test_changing_the_interval_reschedules_and_is_audited(): void {
		$id = $this->connect( 'microsoft', array( 'import' ) )['id'];

		$response = $this->rest( 'PUT', "/syncwarden/v1/connections/$id/schedule", array( 'interval' => 60 ) );

		$this->assertSame( 200, $response->get_status() );
		$this->assertSame( 60, $response->get_data()['sync']['interval'] );
		$this->assertSame( HOUR_IN_SECONDS, self::scheduled( Importer::HOOK, $id )['interval'] );
		$this->assertSame( 1, $this->count_audit( 'settings.sync_interval' ) );
	}

	public function test_an_interval_not_offered_is_refused_and_changes_nothing(): void {
		$id = $this->connect( 'google', array( 'import' ) )['id'];

		$response = $this->rest( 'PUT', "/syncwarden/v1/connections/$id/schedule", array( 'interval' => 1 ) );

		$this->assertSame( 400, $response->get_status() );
		$this->assertSame( 15 * MINUTE_IN_SECONDS, self::scheduled( Importer::HOOK, $id )['interval'] );
		$this->assertSame( 0, $this->count_audit( 'settings.sync_interval' ) );
	}

	public function test_push_requests_coalesce_into_one_run_soon(): void {
		$id = $this->connect( 'google', array( 'import' ) )['id'];

		do_action( 'syncwarden_request_sync', $id );
		do_action( 'syncwarden_request_sync', $id );
		do_action( 'syncwarden_request_sync', $id );

		$soon = array_filter( _get_cron_array(), static fn( $hooks ) => isset( $hooks[ Importer::SOON_HOOK ] ) );
		$this->assertCount( 1, $soon );
		$this->assertEqualsWithDelta( time() + 30, array_key_first( $soon ), 5 );
	}

	public function test_a_scheduled_run_records_its_counts_for_the_admin_screen(): void {
		$id = $this->connect( 'google', array( 'import' ) )['id'];

		do_action( Importer::HOOK, $id );

		$last = $this->described( $id )['sync']['last_run'];
		$this->assertSame( 'ok', $last['result'] );
		$this->assertGreaterThan( 10, $last['created'] );
		$this->assertEqualsWithDelta( time(), $last['at'], 5 );
	}

	public function test_disconnecting_removes_the_schedule_cursor_and_state(): void {
		$id = $this->connect( 'google', array( 'import' ) )['id'];
		do_action( Importer::HOOK, $id );
		do_action( 'syncwarden_request_sync', $id );

		$this->rest( 'DELETE', "/syncwarden/v1/connections/$id" );

		$this->assertNull( self::scheduled( Importer::HOOK, $id ) );
		$this->assertNull( self::scheduled( Importer::SOON_HOOK, $id ) );
		foreach ( array( 'import_cursor', 'sync_state', 'sync_interval' ) as $name ) {
			$this->assertNull( get_option( "syncwarden_{$name}_{$id}", null ), $name );
		}
	}

	private function count_audit( string $action ): int {
		global $wpdb;
		return (int) $wpdb->get_var( $wpdb->prepare( "SELECT COUNT(*) FROM {$wpdb->prefix}syncwarden_audit WHERE action = %s", $action ) );
	}
}
