<?php

namespace SyncWarden\Tests\Integration\Storage;

use SyncWarden\Audit\AuditLog;
use SyncWarden\Http\HttpClient;
use SyncWarden\OAuth\TokenService;
use SyncWarden\Providers\ProviderRegistry;
use SyncWarden\Storage\ConnectionsRepository;
use SyncWarden\Storage\CredentialsRepository;
use SyncWarden\Storage\KeyMonitor;
use SyncWarden\Storage\KeyRing;
use SyncWarden\Storage\Lock;
use SyncWarden\Storage\ReencryptJob;
use SyncWarden\Storage\SecretHolder;
use SyncWarden\Storage\Vault;
use SyncWarden\Tests\OAuthTestCase;
use SyncWarden\Tests\VaultFactory;

final class ReencryptJobTest extends OAuthTestCase {

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

	/**
	 * A refresh lands between the batch's read of a connection's tokens and its write (the
	 * batch's own UPDATE is where the refresh is run): the rotated refresh token must survive,
	 * and the next refresh must still work (Calendly-style single-use refresh tokens at the peer).
	 */
	public function test_a_refresh_during_a_batch_keeps_its_rotated_token(): void {
		global $wpdb;
		$old      = VaultFactory::random_key();
		$rotated  = new Vault( new KeyRing( null, $old, VaultFactory::site_salts() ) ); // The site's key, $old before it.
		$id       = $this->connect_calendly_under( $old );
		$repo     = new ConnectionsRepository( $rotated );
		$tokens   = new TokenService( new HttpClient(), new CredentialsRepository( $rotated, ProviderRegistry::default()->ids() ), $repo, new Lock(), new AuditLog(), ProviderRegistry::default() );
		$table    = $wpdb->prefix . 'syncwarden_connections';
		$refreshed = null;
		$race     = static function ( string $query ) use ( &$refreshed, $tokens, $repo, $id, $table ): string {
			if ( null === $refreshed && str_starts_with( $query, "UPDATE `$table` SET `access_token`" ) ) {
				$refreshed = array(); // Re-entry guard: the refresh writes this table too.
				$wpdb      = $GLOBALS['wpdb'];
				$wpdb->update( $table, array( 'access_expires_at' => time() - 10 ), array( 'id' => $id ) );
				$tokens->access_token( $id );
				$refreshed = $repo->tokens( $id );
			}
			return $query;
		};
		add_filter( 'query', $race );
		try {
			$job = $this->job( $rotated, array( $repo ) );
			$job->start();
			$this->run_cron_until_done( $job );
		} finally {
			remove_filter( 'query', $race );
		}

		$this->assertNotEmpty( $refreshed, 'the refresh ran inside the batch' );
		$this->assertSame( $refreshed['refresh_token'], $repo->tokens( $id )['refresh_token'], 'the rotated refresh token was not overwritten' );
		$this->assertSame( $refreshed['access_token'], $repo->tokens( $id )['access_token'] );
		$wpdb->update( $table, array( 'access_expires_at' => time() - 10 ), array( 'id' => $id ) );
		$this->assertNotSame( $refreshed['access_token'], $tokens->access_token( $id ), 'the next refresh works' );
	}

	/**
	 * A real Calendly connection (the OAuth flow against the peer) whose tokens are then stored
	 * under `$key`, as after a key rotation.
	 */
	private function connect_calendly_under( string $key ): int {
		global $wpdb;
		$id  = $this->connect( 'calendly', array( 'import' ) )['id'];
		$old = VaultFactory::vault( $key );
		foreach ( self::repository()->tokens( $id ) as $field => $value ) {
			if ( in_array( $field, array( 'access_token', 'refresh_token' ), true ) ) {
				$wpdb->update( $wpdb->prefix . 'syncwarden_connections', array( $field => $old->encrypt( $value, ConnectionsRepository::context( $id, $field ) ) ), array( 'id' => $id ) );
			}
		}
		return $id;
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

	public function replace_secret( string $ref, string $envelope, string $expected ): bool {
		if ( $this->secrets[ $ref ][1] !== $expected ) {
			return false;
		}
		$this->secrets[ $ref ][1] = $envelope;
		return true;
	}
}
