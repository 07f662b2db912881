<?php

namespace SyncWarden\Tests\Integration;

use SyncWarden\Audit\AuditLog;
use SyncWarden\Storage\ReencryptJob;
use SyncWarden\Sync\Importer;
use SyncWarden\Sync\Outbox;
use SyncWarden\Tests\ExportTestCase;
use SyncWarden\Webhooks\PushSubscriptions;

/**
 * Deactivating through WordPress's own deactivate_plugins() leaves no SyncWarden event in
 * WP-Cron and nothing else changed (connections and queued jobs stay); after reactivating, the
 * next admin request gives every event back: the import schedule, the push renewal, the audit
 * purge, the outbox's run for its queued job and a re-encryption under way.
 */
final class DeactivationTest extends ExportTestCase {

	private const BASENAME = 'syncwarden/plugin.php';

	/** @return string[] SyncWarden hooks with an event in WP-Cron. */
	private static function scheduled_hooks(): array {
		$hooks = array();
		foreach ( (array) _get_cron_array() as $events ) {
			$hooks = array_merge( $hooks, array_filter( array_keys( (array) $events ), static fn( $hook ) => str_starts_with( (string) $hook, 'syncwarden_' ) ) );
		}
		sort( $hooks );
		return array_values( array_unique( $hooks ) );
	}

	public function test_deactivating_clears_every_event_and_the_next_admin_request_after_reactivating_brings_them_back(): void {
		$import  = $this->connect( 'google', array( 'import' ) )['id'];
		$this->connect( 'microsoft', array( 'export' ) );
		$booking = syncwarden_push_booking( self::CONSULTATION );
		update_option( ReencryptJob::OPTION, array( 'status' => 'running' ), false );
		$this->admin_request();
		$before = self::scheduled_hooks();
		$this->assertSame( array( AuditLog::PURGE_HOOK, Outbox::HOOK, PushSubscriptions::RENEW_HOOK, ReencryptJob::HOOK, Importer::HOOK ), array_values( array_intersect( $before, array( AuditLog::PURGE_HOOK, Outbox::HOOK, PushSubscriptions::RENEW_HOOK, ReencryptJob::HOOK, Importer::HOOK ) ) ) );
		$active = get_option( 'active_plugins' );

		deactivate_plugins( self::BASENAME );

		$this->assertSame( array(), self::scheduled_hooks() );
		$this->assertSame( 'pending', $this->job_status( $booking['id'] )['status'], 'queued work stays' );
		$this->assertCount( 2, $this->connections(), 'connections stay' );

		update_option( 'active_plugins', $active ); // Reactivated (the code is loaded already).
		$this->admin_request();

		$this->assertSame( $before, self::scheduled_hooks() );
		$this->assertNotFalse( wp_next_scheduled( Importer::HOOK, array( $import ) ) );
	}
}
