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

		Uninstaller::run();

		$this->assertFalse( get_option( 'syncwarden_example' ) );
		$this->assertFalse( get_transient( 'syncwarden_example' ) );
		$this->assertFalse( wp_next_scheduled( 'syncwarden_example_event' ) );
		$this->assertSame( 'keep', get_option( 'unrelated_option' ) );
	}
}
