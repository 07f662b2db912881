<?php

namespace SyncWarden\Tests\Integration\Storage;

use SyncWarden\Audit\AuditLog;
use SyncWarden\Storage\CredentialsRepository;
use SyncWarden\Storage\KeyMonitor;
use SyncWarden\Storage\KeyRing;
use SyncWarden\Storage\ReencryptJob;
use SyncWarden\Storage\SecretHolder;
use SyncWarden\Storage\Vault;
use SyncWarden\Tests\TestCase;
use SyncWarden\Tests\VaultFactory;

final class ReencryptJobTest extends TestCase {

	private function job( Vault $vault, array $holders ): ReencryptJob {
		$audit = new AuditLog();
		return new ReencryptJob( $vault, $holders, new KeyMonitor( new KeyRing( null, null, array() ), $vault, $holders, $audit ), $audit );
	}

	/** Runs the cron events the job schedules, as WP-Cron would. */
	private function run_cron_until_done( ReencryptJob $job, int $limit = 20 ): int {
		$runs = 0;
		while ( wp_next_scheduled( ReencryptJob::HOOK ) && $runs < $limit ) {
			wp_clear_scheduled_hook( ReencryptJob::HOOK );
			$job->run_batch();
			++$runs;
		}
		return $runs;
	}

	public function test_moves_every_secret_to_the_current_key_through_cron_and_audits_it(): void {
		$old          = VaultFactory::random_key();
		$old_vault    = VaultFactory::vault( $old );
		$rotated      = VaultFactory::vault( null, $old );
		$write        = new CredentialsRepository( $old_vault, array( 'google', 'zoho' ) );
		$write->save( 'google', 'g', 'google-secret' );
		$write->save( 'zoho', 'z', 'zoho-secret' );
		$repository = new CredentialsRepository( $rotated, array( 'google', 'zoho' ) );
		$job        = $this->job( $rotated, array( $repository ) );

		$job->start();
		$this->assertNotFalse( wp_next_scheduled( ReencryptJob::HOOK ) );
		$this->assertSame( 1, $this->run_cron_until_done( $job ) );

		$this->assertSame( array( 'finished', 2, 0 ), array( $job->state()['status'], $job->state()['moved'], $job->state()['failed'] ) );
		foreach ( $repository->stored_secrets() as $secret ) {
			$this->assertFalse( $rotated->needs_reencrypt( $secret['envelope'] ) );
		}
		$this->assertSame( 'google-secret', $repository->client_secret( 'google' ) );
		$this->assertSame( array( 'vault.reencrypt_finished', 'vault.reencrypt_started' ), array_column( ( new AuditLog() )->recent( 2 ), 'event' ) );
		$this->assertSame( array( 'moved' => 2, 'failed' => 0 ), ( new AuditLog() )->recent( 1 )[0]['context'] );
	}

	public function test_works_in_batches_and_ends_even_with_unreadable_secrets(): void {
		$old     = VaultFactory::random_key();
		$rotated = VaultFactory::vault( null, $old );
		$holder  = new InMemorySecrets();
		$old_vault = VaultFactory::vault( $old );
		for ( $i = 0; $i < 250; $i++ ) {
			$holder->secrets[ "s$i" ] = array( "ctx:$i", $old_vault->encrypt( "secret-$i", "ctx:$i" ) );
		}
		// Tampered under the old key (readable key, failing check) and from a key long gone.
		$holder->secrets['tampered'] = array( 'ctx:tampered', $old_vault->encrypt( 'x', 'ctx:elsewhere' ) );
		$holder->secrets['lost']     = array( 'ctx:lost', VaultFactory::vault()->encrypt( 'x', 'ctx:lost' ) );
		$job = $this->job( $rotated, array( $holder ) );

		$job->start();
		$runs = $this->run_cron_until_done( $job );

		$this->assertSame( 3, $runs );
		$this->assertSame( array( 'finished', 250, 1 ), array( $job->state()['status'], $job->state()['moved'], $job->state()['failed'] ) );
		$this->assertSame( 'secret-249', $rotated->decrypt( $holder->secrets['s249'][1], 'ctx:249' ) );
	}

	public function test_rest_route_starts_the_job(): void {
		$this->log_in_as( 'administrator' );

		$response = $this->rest( 'POST', '/syncwarden/v1/vault/reencrypt' );

		$this->assertSame( 202, $response->get_status() );
		$this->assertSame( 'running', $response->get_data()['reencrypt']['status'] );
		$this->assertNotFalse( wp_next_scheduled( ReencryptJob::HOOK ) );
		$this->assertTrue( has_action( ReencryptJob::HOOK ) > 0 );
	}

	public function test_vault_status_reports_key_facts_but_no_key_material(): void {
		$this->log_in_as( 'administrator' );

		$data = $this->rest( 'GET', '/syncwarden/v1/vault' )->get_data();

		$this->assertSame( 'salts', $data['key_source'] );
		$this->assertSame( KeyRing::from_wp_config()->current_id(), $data['key_fingerprint'] );
		$this->assertSame( 0, $data['previous_keys'] );
		$this->assertSame( array(), $data['config_errors'] );
		$this->assertSame( array( 'total', 'current', 'stale', 'unreadable' ), array_keys( $data['secrets'] ) );
		$encoded = wp_json_encode( $data );
		$this->assertStringNotContainsString( base64_encode( KeyRing::from_wp_config()->current_key() ), $encoded );
		$this->assertStringNotContainsString( bin2hex( KeyRing::from_wp_config()->current_key() ), $encoded );
	}
}

/**
 * A SecretHolder kept in memory: exercises the job's batching over many secrets.
 */
final class InMemorySecrets implements SecretHolder {

	/**
	 * Ref => [context, envelope].
	 *
	 * @var array<string, array{0: string, 1: string}>
	 */
	public array $secrets = array();

	public function stored_secrets(): iterable {
		foreach ( $this->secrets as $ref => [ $context, $envelope ] ) {
			yield array(
				'ref'      => $ref,
				'context'  => $context,
				'envelope' => $envelope,
			);
		}
	}

	public function replace_secret( string $ref, string $envelope ): void {
		$this->secrets[ $ref ][1] = $envelope;
	}
}
