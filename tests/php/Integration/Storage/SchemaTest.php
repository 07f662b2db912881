<?php

namespace SyncWarden\Tests\Integration\Storage;

use SyncWarden\Storage\Schema;
use SyncWarden\Tests\TestCase;

final class SchemaTest extends TestCase {

	public function test_migrations_run_early_in_every_request_context(): void {
		$this->assertSame( 1, has_action( 'init', array( Schema::class, 'migrate' ) ) );
	}

	public function test_a_site_on_an_older_schema_gets_the_missing_tables(): void {
		global $wpdb;
		$wpdb->query( 'DROP TABLE ' . Schema::table( 'outbox' ) );
		update_option( Schema::OPTION, 3, true );

		Schema::migrate();

		$this->assertSame( Schema::VERSION, (int) get_option( Schema::OPTION ) );
		$this->assertSame( array( Schema::table( 'outbox' ) ), $wpdb->get_col( "SHOW TABLES LIKE '" . Schema::table( 'outbox' ) . "'" ) );
	}

	public function test_a_site_on_schema_5_gets_all_day_and_its_bookings_stay_timed(): void {
		global $wpdb;
		$table = Schema::table( 'bookings' );
		$wpdb->query( "ALTER TABLE $table DROP COLUMN all_day" ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		$this->assertNotContains( 'all_day', $wpdb->get_col( "SHOW COLUMNS FROM $table", 0 ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		$wpdb->insert( $table, array( 'title' => 'Before the upgrade', 'starts_at' => 1800000000, 'ends_at' => 1800003600, 'notes' => '' ) );
		$id = (int) $wpdb->insert_id;
		update_option( Schema::OPTION, 5, true );

		Schema::migrate();

		$this->assertSame( Schema::VERSION, (int) get_option( Schema::OPTION ) );
		$booking = ( new \SyncWarden\Storage\BookingsRepository() )->find( $id );
		$this->assertFalse( $booking['all_day'] );
		$this->assertSame( 1800000000, $booking['starts_at'] );
	}

	public function test_an_up_to_date_site_runs_no_migration(): void {
		get_option( Schema::OPTION ); // Autoloaded options are in memory on a real request.
		$queries = 0;
		$count   = static function ( $query ) use ( &$queries ) {
			++$queries;
			return $query;
		};
		add_filter( 'query', $count );

		Schema::migrate();

		remove_filter( 'query', $count );
		$this->assertSame( 0, $queries );
	}
}
