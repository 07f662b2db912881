<?php

namespace SyncWarden\Tests\Integration\Storage;

use SyncWarden\Storage\InstallId;
use SyncWarden\Tests\TestCase;
use SyncWarden\Uninstaller;

/**
 * The installation id keys the clone lock and every exported event's marker, so a booking
 * plugin's hook needs it on every booking: it is read from the database once per request and
 * stays the same until the uninstaller removes it.
 */
final class InstallIdTest extends TestCase {

	public function test_it_is_read_from_the_database_once_per_request_and_stays_the_same(): void {
		global $wpdb;
		$first  = InstallId::get();
		$before = $wpdb->num_queries;

		$again = InstallId::get();

		$this->assertSame( $first, $again );
		$this->assertSame( 0, $wpdb->num_queries - $before, 'The second read queried the database.' );
		$this->assertSame( $first, get_option( InstallId::OPTION ) );
	}

	public function test_after_an_uninstall_a_new_id_is_made_and_stored(): void {
		$old = InstallId::get();

		Uninstaller::run();
		\SyncWarden\Storage\Schema::migrate();
		$new = InstallId::get();

		$this->assertNotSame( $old, $new );
		$this->assertSame( $new, get_option( InstallId::OPTION ) );
		$this->assertMatchesRegularExpression( '/^[A-Za-z0-9_-]{16}$/', $new );
	}
}
