<?php
/**
 * Moves every stored secret to the current key, in batches through WP-Cron.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Storage;

use SyncWarden\Audit\AuditTrail;

defined( 'ABSPATH' ) || exit;

/**
 * Started by an administrator (REST) after a key rotation. Each cron run handles one batch and
 * schedules the next while stale secrets remain; progress lives in a non-autoloaded option.
 */
final class ReencryptJob {

	public const HOOK       = 'syncwarden_reencrypt_secrets';
	public const OPTION     = 'syncwarden_reencrypt_job';
	public const BATCH_SIZE = 100;

	/**
	 * Constructor.
	 *
	 * @param Vault          $vault   Vault with the current and previous keys.
	 * @param SecretHolder[] $holders Every repository that stores secrets.
	 * @param KeyMonitor     $monitor Rescanned when the job ends.
	 * @param AuditTrail     $audit   Audit trail.
	 */
	public function __construct(
		private readonly Vault $vault,
		private readonly array $holders,
		private readonly KeyMonitor $monitor,
		private readonly AuditTrail $audit
	) {
	}

	/**
	 * Starts (or restarts) the job and schedules its first batch right away.
	 *
	 * @return array{status: string, moved: int, failed: int, failed_refs: string[], started_at: ?int, finished_at: ?int}
	 */
	public function start(): array {
		$state = array(
			'status'      => 'running',
			'moved'       => 0,
			'failed'      => 0,
			'failed_refs' => array(),
			'started_at'  => time(),
			'finished_at' => null,
		);
		update_option( self::OPTION, $state, false );
		$this->audit->record( 'vault.reencrypt_started', array( 'pending' => $this->monitor->rescan()['stale'] ) );
		wp_clear_scheduled_hook( self::HOOK );
		wp_schedule_single_event( time(), self::HOOK );
		return $state;
	}

	/**
	 * A running job whose next batch lost its event (a deactivation clears them) goes on.
	 */
	public function resume(): void {
		if ( false === wp_next_scheduled( self::HOOK ) && 'running' === $this->state()['status'] ) {
			wp_schedule_single_event( time(), self::HOOK );
		}
	}

	/**
	 * Cron callback: one batch, then either the next schedule or the end of the job.
	 */
	public function run_batch(): void {
		$state = $this->state();
		if ( 'running' !== $state['status'] ) {
			return;
		}
		$handled = 0;
		foreach ( $this->stale_secrets( $state['failed_refs'] ) as [ $holder, $secret ] ) {
			if ( $handled >= self::BATCH_SIZE ) {
				break;
			}
			++$handled;
			try {
				// False when the secret was rewritten since the read: the newer one (under the
				// current key already) stays.
				if ( $holder->replace_secret( $secret['ref'], $this->vault->reencrypt( $secret['envelope'], $secret['context'] ), $secret['envelope'] ) ) {
					++$state['moved'];
				}
			} catch ( VaultException $e ) {
				// Tampered: only re-entering or reconnecting fixes it. Skipped from now on so the job ends.
				++$state['failed'];
				$state['failed_refs'][] = $secret['context'];
			}
		}
		if ( $handled >= self::BATCH_SIZE && $this->stale_secrets( $state['failed_refs'] )->valid() ) {
			update_option( self::OPTION, $state, false );
			wp_schedule_single_event( time(), self::HOOK );
			return;
		}
		$state['status']      = 'finished';
		$state['finished_at'] = time();
		update_option( self::OPTION, $state, false );
		$this->monitor->rescan();
		$this->audit->record(
			'vault.reencrypt_finished',
			array(
				'moved'  => $state['moved'],
				'failed' => $state['failed'],
			)
		);
	}

	/**
	 * Progress of the last job.
	 *
	 * @return array{status: string, moved: int, failed: int, failed_refs: string[], started_at: ?int, finished_at: ?int}
	 */
	public function state(): array {
		$state = get_option( self::OPTION, array() );
		return array_merge(
			array(
				'status'      => 'idle',
				'moved'       => 0,
				'failed'      => 0,
				'failed_refs' => array(),
				'started_at'  => null,
				'finished_at' => null,
			),
			is_array( $state ) ? $state : array()
		);
	}

	/**
	 * Secrets under a previous key this site still has, minus those that already failed.
	 *
	 * @param string[] $skip Contexts that failed earlier in this job.
	 * @return \Generator<array{0: SecretHolder, 1: array{ref: string, context: string, envelope: string}}>
	 */
	private function stale_secrets( array $skip ): \Generator {
		foreach ( $this->holders as $holder ) {
			foreach ( $holder->stored_secrets() as $secret ) {
				if ( ! in_array( $secret['context'], $skip, true ) && $this->vault->needs_reencrypt( $secret['envelope'] ) ) {
					yield array( $holder, $secret );
				}
			}
		}
	}
}
