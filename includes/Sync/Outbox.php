<?php
/**
 * Export through an outbox: every booking change becomes one job per target connection.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Sync;

use SyncWarden\Audit\AuditTrail;
use SyncWarden\Http\ErrorClassifier;
use SyncWarden\Http\HttpClient;
use SyncWarden\Http\HttpError;
use SyncWarden\OAuth\TokenService;
use SyncWarden\Providers\ExportTarget;
use SyncWarden\Providers\ProviderRegistry;
use SyncWarden\Storage\BookingsRepository;
use SyncWarden\Storage\ConnectionsRepository;
use SyncWarden\Storage\Lock;
use SyncWarden\Storage\OutboxRepository;
use SyncWarden\Storage\SharingSettings;

defined( 'ABSPATH' ) || exit;

/**
 * Jobs run in WP-Cron batches under one lock. A failed job is retried with capped exponential
 * backoff and jitter (1 minute doubling to 6 hours: fourteen attempts span more than a day, so a
 * provider down for a day loses nothing); then, or at once when the grant is revoked or the
 * provider refused this booking's data, it parks as "needs attention" until an administrator
 * retries it. A booking lacking a field the provider requires is done as skipped, without a call.
 * Retried creates never duplicate: the provider's own de-duplication (Graph transactionId) or a
 * lookup of what already exists (Google by our booking id, HubSpot and Zoho by e-mail; Zoho's
 * before every first create) turns them into updates.
 */
final class Outbox {

	public const HOOK         = 'syncwarden_outbox_run';
	public const MAX_ATTEMPTS = 14;
	public const SKIPPED      = 'skipped'; // Error kind of a job done without a call.
	private const BATCH       = 25;
	// Calls one job can make: a lookup, the create or update, an update after a 409; plus a refresh.
	private const CALLS_PER_JOB = 4;

	/**
	 * Connections as read at the start of an import run, so that thousands of imported bookings
	 * do not each read (and decrypt) every connection; null outside a run.
	 *
	 * @var array<int, array<string, mixed>>|null
	 */
	private ?array $bulk_targets = null;

	/**
	 * Constructor.
	 *
	 * @param OutboxRepository      $jobs        Jobs.
	 * @param BookingsRepository    $bookings    Bookings and links.
	 * @param ConnectionsRepository $connections Connections.
	 * @param SharingSettings       $sharing     Allowlists.
	 * @param ProviderRegistry      $providers   Providers.
	 * @param TokenService          $tokens      Authenticated calls.
	 * @param Lock                  $lock        One runner at a time.
	 * @param AuditTrail            $audit       Audit trail.
	 */
	public function __construct(
		private readonly OutboxRepository $jobs,
		private readonly BookingsRepository $bookings,
		private readonly ConnectionsRepository $connections,
		private readonly SharingSettings $sharing,
		private readonly ProviderRegistry $providers,
		private readonly TokenService $tokens,
		private readonly Lock $lock,
		private readonly AuditTrail $audit
	) {
	}

	/**
	 * Attaches to WordPress.
	 */
	public function register_hooks(): void {
		add_action( 'syncwarden_booking_saved', array( $this, 'enqueue' ), 10, 2 );
		add_action( self::HOOK, array( $this, 'run' ) );
		add_action( 'syncwarden_import_started', array( $this, 'start_bulk' ) );
		add_action( 'syncwarden_import_finished', array( $this, 'end_bulk' ) );
		add_action( 'admin_init', array( $this, 'ensure_scheduled' ) );
	}

	/**
	 * An import run starts: read the connections once for all its bookings.
	 */
	public function start_bulk(): void {
		$this->bulk_targets = $this->connections->all();
	}

	/**
	 * The run ended: read fresh again.
	 */
	public function end_bulk(): void {
		$this->bulk_targets = null;
	}

	/**
	 * Queues the booking for every connection that exports, and asks cron to run soon.
	 *
	 * @param array  $booking Stored booking.
	 * @param string $event   booking.created, booking.updated or booking.cancelled.
	 */
	public function enqueue( array $booking, string $event ): void {
		$queued = false;
		foreach ( $this->bulk_targets ?? $this->connections->all() as $connection ) {
			$provider = $this->providers->get( $connection['provider'] );
			if ( ! $provider instanceof ExportTarget || ! in_array( 'export', $connection['features'], true ) ) {
				continue;
			}
			if ( Importer::source( $connection ) === $booking['source'] ) {
				continue; // Never echo an imported event back to the calendar it came from.
			}
			$this->jobs->enqueue( $booking['id'], $connection['id'], 'cancelled' === $booking['status'] ? 'cancel' : 'upsert', in_array( $event, array( 'booking.created', 'booking.imported' ), true ) );
			$queued = true;
		}
		if ( $queued ) {
			$this->run_at( time() );
		}
	}

	/**
	 * Cron callback: one batch of due jobs; schedules the next batch while work remains.
	 *
	 * @return int Jobs handled.
	 */
	public function run(): int {
		$budget  = self::job_budget();
		$claimed = 0;
		$outcome = $this->lock->with(
			'outbox',
			function () use ( $budget, &$claimed ): int {
				$jobs = $this->jobs->due( self::BATCH );
				foreach ( $jobs as $job ) {
					// The lock covers the next job's worst case; a runner that lost it stops.
					if ( ! $this->lock->extend( 'outbox', $budget ) ) {
						break;
					}
					if ( $this->jobs->claim( $job, time() + $budget ) ) {
						++$claimed;
						$this->handle( $job );
					}
				}
				return count( $jobs );
			},
			0.0,
			$budget
		);
		if ( $outcome['acquired'] ) {
			// A runner that lost the race leaves this to the one that holds the lock. Due jobs none of
			// which could be leased (a dead runner's lease on the same booking still holds) wait a
			// minute rather than a run on every page load until that lease ends.
			$this->schedule_next( $outcome['result'] > 0 && 0 === $claimed ? time() + MINUTE_IN_SECONDS : time() );
		}
		return (int) ( $outcome['result'] ?? 0 );
	}

	/**
	 * Seconds one job may take at worst: its calls, each with every retry running into the timeout.
	 */
	public static function job_budget(): int {
		return self::CALLS_PER_JOB * HttpClient::worst_case_seconds();
	}

	/**
	 * Gives queued work its run when none is scheduled (after a deactivation cleared the events,
	 * or a lost cron entry): one cron lookup per admin request, a query only when none is there.
	 */
	public function ensure_scheduled(): void {
		if ( false === wp_next_scheduled( self::HOOK ) ) {
			$this->schedule_next( time() );
		}
	}

	/**
	 * The next run at the earliest time a pending job is due or a dead runner's lease ends: a job
	 * backing off from a 429 or a 5xx is retried then, without waiting for another booking change.
	 *
	 * @param int $earliest Not before this (epoch seconds).
	 */
	private function schedule_next( int $earliest ): void {
		$next = $this->jobs->next_due_at();
		if ( null !== $next ) {
			$this->run_at( max( $earliest, $next ) );
		}
	}

	/**
	 * One run at `$at`, unless one is scheduled by then already; a later one (a retry hours away)
	 * is brought forward, since a run handles every job that is due.
	 *
	 * @param int $at Epoch seconds.
	 */
	private function run_at( int $at ): void {
		$scheduled = wp_next_scheduled( self::HOOK );
		if ( false !== $scheduled && $scheduled <= $at ) {
			return;
		}
		if ( false !== $scheduled ) {
			wp_unschedule_event( $scheduled, self::HOOK );
		}
		wp_schedule_single_event( $at, self::HOOK );
	}

	/**
	 * Parked job → pending, due now.
	 *
	 * @param int $id Job id.
	 */
	public function retry( int $id ): bool {
		$retried = $this->jobs->retry( $id );
		if ( $retried ) {
			$this->audit->record( 'export.retried', array( 'job_id' => $id ) );
			$this->run_at( time() );
		}
		return $retried;
	}

	/**
	 * Seconds before attempt `$attempts + 1`: 60 s doubling, capped at 6 h, plus up to 20 % jitter.
	 *
	 * @param int $attempts Attempts so far.
	 */
	public static function backoff( int $attempts ): int {
		$base = min( 6 * HOUR_IN_SECONDS, 60 * ( 2 ** max( 0, $attempts - 1 ) ) );
		return $base + random_int( 0, (int) ( $base / 5 ) );
	}

	/**
	 * Runs one job and records the outcome.
	 *
	 * @param array $job Job.
	 */
	private function handle( array $job ): void {
		$booking    = $this->bookings->find( $job['booking_id'] );
		$connection = $this->connections->find( $job['connection_id'] );
		$provider   = null === $connection ? null : $this->providers->get( $connection['provider'] );
		if ( null === $booking || ! $provider instanceof ExportTarget ) {
			$this->jobs->record( $job['id'], OutboxRepository::DONE, $job['attempts'] ); // Nothing left to send to.
			return;
		}
		// The booking as it is now decides, not the change that queued the job: a cancel undone
		// before the job ran must not delete the event.
		$job['operation'] = 'cancelled' === $booking['status'] ? 'cancel' : 'upsert';
		if ( $connection['site_moved'] ) {
			// A copy of the site: hold the job (no attempt used) until an administrator confirms.
			$this->jobs->record( $job['id'], OutboxRepository::PENDING, $job['attempts'], time() + HOUR_IN_SECONDS, 'site_moved', __( 'Paused: this site’s address changed since the connection was made.', 'syncwarden' ) );
			return;
		}
		$allowed = array_merge( $provider->sharable_fields()['required'], array_intersect( $this->sharing->allowed( $connection['id'] ), $provider->sharable_fields()['optional'] ) );
		$context = array(
			'connection_id' => $connection['id'],
			'booking_id'    => $booking['id'],
			'provider'      => $provider->id(),
			'fields'        => $allowed,
			'operation'     => $job['operation'],
		);
		$missing = 'cancel' === $job['operation'] ? array() : PayloadBuilder::missing( $provider, $booking );
		if ( $missing ) {
			// Done as skipped: the provider cannot take this booking; retrying changes nothing.
			$reason = PayloadBuilder::skip_reason( $provider, $missing );
			$this->jobs->record( $job['id'], OutboxRepository::DONE, $job['attempts'], 0, self::SKIPPED, $reason );
			$this->audit->record( 'export.skipped', array( 'fields' => $missing, 'reason' => $reason ) + $context );
			return;
		}
		try {
			$this->export( $job, $booking, $connection['id'], $provider );
		} catch ( HttpError $caught ) {
			$e        = ErrorClassifier::for_item( $caught );
			$attempts = $job['attempts'] + 1;
			// A revoked grant or a refusal of this booking's data: retrying the same call cannot help.
			$park = in_array( $e->kind, array( HttpError::AUTH_REVOKED, HttpError::DATA ), true ) || $attempts >= self::MAX_ATTEMPTS;
			$this->jobs->record( $job['id'], $park ? OutboxRepository::PARKED : OutboxRepository::PENDING, $attempts, time() + self::backoff( $attempts ), $e->kind, $e->getMessage() );
			$this->audit->record(
				$park ? 'export.parked' : 'export.failed',
				$context + array(
					'result'  => 'failed',
					'kind'    => $e->kind,
					'attempt' => $attempts,
					'reason'  => $e->getMessage(),
				)
			);
			return;
		}
		$this->jobs->record( $job['id'], OutboxRepository::DONE, $job['attempts'] + 1 );
		$this->audit->record( 'export.sent', $context );
	}

	/**
	 * Performs the provider calls for one job.
	 *
	 * @param array        $job           Job.
	 * @param array        $booking       Booking.
	 * @param int          $connection_id Connection id.
	 * @param ExportTarget $provider      Provider.
	 * @throws HttpError When the provider refuses or cannot be reached.
	 */
	private function export( array $job, array $booking, int $connection_id, ExportTarget $provider ): void {
		$payload  = PayloadBuilder::build( $provider, $booking, $this->sharing->allowed( $connection_id ) );
		$external = $this->bookings->external_id( $booking['id'], $connection_id );
		if ( 'cancel' === $job['operation'] ) {
			$request = null === $external ? null : $provider->export_request( 'cancel', $payload, $external );
			if ( null !== $request ) {
				$this->tokens->send_removal( $connection_id, $request ); // Already gone counts as done.
			}
			return;
		}
		if ( null === $external ) {
			$external = $this->find_exported( $connection_id, $provider, $booking['id'], $payload, $job['attempts'] > 0 );
		}
		$request = $provider->export_request( null === $external ? 'create' : 'update', $payload, $external );
		if ( null === $request ) {
			return;
		}
		try {
			$response = $this->tokens->send( $connection_id, $request );
		} catch ( HttpError $e ) {
			// HubSpot answers 409 CONFLICT, Zoho DUPLICATE_DATA for an existing contact: update that one instead.
			$exists = 409 === $e->status || 'DUPLICATE_DATA' === $e->provider_code;
			$found  = $exists && null === $external ? $this->find_exported( $connection_id, $provider, $booking['id'], $payload, true ) : null;
			if ( null === $found ) {
				throw $e;
			}
			$external = $found;
			$response = $this->tokens->send( $connection_id, (array) $provider->export_request( 'update', $payload, $external ) );
		}
		if ( null === $external ) {
			$this->bookings->link( $booking['id'], $connection_id, $provider->exported_id( $response ) );
		}
	}

	/**
	 * What an earlier attempt (or the provider's own data) already holds for this booking, or null.
	 * Looked up on a retry, or before every first create when the provider asks for it.
	 *
	 * @param int          $connection_id Connection id.
	 * @param ExportTarget $provider      Provider.
	 * @param int          $booking_id    Booking id.
	 * @param array        $payload       Body.
	 * @param bool         $retry         An earlier attempt may have created it.
	 */
	private function find_exported( int $connection_id, ExportTarget $provider, int $booking_id, array $payload, bool $retry ): ?string {
		$lookup = $provider->find_exported( $booking_id, $payload );
		if ( null === $lookup || ! ( $retry || ! empty( $lookup['before_create'] ) ) ) {
			return null;
		}
		try {
			$id = ( $lookup['id'] )( $this->tokens->call( $connection_id, 'GET', $lookup['path'], $lookup['shape'] ) );
		} catch ( HttpError $e ) {
			if ( ! $e->item_gone() ) {
				throw $e;
			}
			return null;
		}
		if ( null !== $id ) {
			$this->bookings->link( $booking_id, $connection_id, $id );
		}
		return $id;
	}
}
