<?php

namespace SyncWarden\Tests\Integration;

use SyncWarden\Tests\TestCase;
use SyncWarden\Uninstaller;

final class UninstallTest extends TestCase {

	public function test_removes_prefixed_options_transients_and_cron_events_only(): void {
		add_option( 'syncwarden_example', 'x', '', false );
		set_transient( 'syncwarden_example', 'y', 60 );
		wp_schedule_event( time() + 60, 'hourly', 'syncwarden_example_event' );
		add_option( 'unrelated_option', 'keep', '', false );
		$user = self::create_user( 'administrator' );
		update_user_meta( $user, 'syncwarden_dismissed_connection_notices', array( 1 => 3 ) );

		Uninstaller::run();

		$this->assertFalse( get_option( 'syncwarden_example' ) );
		$this->assertFalse( get_transient( 'syncwarden_example' ) );
		$this->assertFalse( wp_next_scheduled( 'syncwarden_example_event' ) );
		$this->assertSame( 'keep', get_option( 'unrelated_option' ) );
		$this->assertSame( '', get_user_meta( $user, 'syncwarden_dismissed_connection_notices', true ) );
	}

	public function test_drops_the_plugin_tables(): void {
		global $wpdb;

		Uninstaller::run();

		$tables = $wpdb->get_col( "SHOW TABLES LIKE '{$wpdb->prefix}syncwarden%'" );
		\SyncWarden\Storage\Schema::migrate(); // Put them back for the following tests.
		$this->assertSame( array(), $tables );
	}
}
