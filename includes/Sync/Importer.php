<?php
/**
 * Incremental import of calendar events as bookings.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Sync;

use SyncWarden\Audit\AuditTrail;
use SyncWarden\Http\HttpError;
use SyncWarden\OAuth\TokenService;
use SyncWarden\Providers\CalendarSource;
use SyncWarden\Providers\ProviderRegistry;
use SyncWarden\Storage\BookingsRepository;
use SyncWarden\Storage\ConnectionsRepository;
use SyncWarden\Storage\Lock;
use SyncWarden\Storage\Transaction;

defined( 'ABSPATH' ) || exit;

/**
 * A run (ImportListing) follows the pages, applies each page in one transaction and saves the
 * provider's new sync cursor only after the last page was committed, so a run that dies half-way
 * repeats work but never loses any; writes are keyed by the unique (connection, external id)
 * link, so repeating never duplicates. An expired cursor (410) starts a full listing of the
 * window (ImportCursor); a run that reaches the page limit resumes next time and shows as
 * incomplete. One run per connection at a time (cron, "Sync now", push).
 *
 * Each importing connection has its own recurring WP-Cron event at its own interval; a push
 * notification asks for one extra run soon through the `syncwarden_request_sync` action.
 */
final class Importer {

	public const HOOK             = 'syncwarden_sync_connection';
	public const SOON_HOOK        = 'syncwarden_sync_soon';
	public const LOCK_PREFIX      = 'import_'; // + connection id: held by a run, and by a webhook's apply().
	private const INTERVAL        = 'syncwarden_sync_interval_';
	private const STATE           = 'syncwarden_sync_state_';
	private const SOON_DELAY      = 30;
	private const NO_COUNTS       = array(
		'created'   => 0,
		'updated'   => 0,
		'cancelled' => 0,
		'unchanged' => 0,
		'pages'     => 0,
	);

	/**
	 * Constructor.
	 *
	 * @param ConnectionsRepository $connections Connections.
	 * @param BookingsRepository    $links       Links between bookings and external events.
	 * @param Bookings              $bookings    Writes bookings (and announces them).
	 * @param ProviderRegistry      $providers   Providers.
	 * @param TokenService          $tokens      Authenticated calls.
	 * @param Lock                  $lock        One run per connection.
	 * @param AuditTrail            $audit       Audit trail.
	 * @param ImportListing         $listing     The pages of a run.
	 */
	public function __construct(
		private readonly ConnectionsRepository $connections,
		private readonly BookingsRepository $links,
		private readonly Bookings $bookings,
		private readonly ProviderRegistry $providers,
		private readonly TokenService $tokens,
		private readonly Lock $lock,
		private readonly AuditTrail $audit,
		private readonly ImportListing $listing
	) {
	}

	/**
	 * Attaches to WordPress: per-connection cron events, "sync soon" requests, clean-up.
	 */
	public function register_hooks(): void {
		SyncIntervals::register_hooks();
		add_action( self::HOOK, array( $this, 'run_scheduled' ) );
		add_action( self::SOON_HOOK, array( $this, 'run_scheduled' ) );
		add_action( 'syncwarden_request_sync', array( $this, 'request_soon' ) );
		add_action( 'syncwarden_connection_connected', array( $this, 'ensure_schedule' ) );
		add_action( 'syncwarden_connection_deleted', array( $this, 'forget' ) );
		add_action( 'admin_init', array( $this, 'ensure_schedules' ) );
	}

	/**
	 * The `source` of bookings a connection imported.
	 *
	 * @param array $connection Connection.
	 */
	public static function source( array $connection ): string {
		return $connection['provider'] . '-' . $connection['id'];
	}

	/**
	 * Whether a connection imports (and so has a schedule).
	 *
	 * @param array|null $connection Connection.
	 */
	private function imports( ?array $connection ): bool {
		$provider = null === $connection ? null : $this->providers->get( $connection['provider'] );
		return $provider instanceof CalendarSource && in_array( 'import', $connection['features'], true );
	}

	/**
	 * Minutes between runs of a connection.
	 *
	 * @param int $id Connection id.
	 */
	public function interval( int $id ): int {
		return SyncIntervals::valid( get_option( self::INTERVAL . $id, SyncIntervals::DEFAULT ) );
	}

	/**
	 * Changes a connection's interval (audited) and reschedules it.
	 *
	 * @param int $id      Connection id.
	 * @param int $minutes One of SyncIntervals::MINUTES.
	 */
	public function set_interval( int $id, int $minutes ): void {
		update_option( self::INTERVAL . $id, $minutes, false );
		wp_clear_scheduled_hook( self::HOOK, array( $id ) );
		$this->ensure_schedule( $id );
		$this->audit->record(
			'settings.sync_interval',
			array(
				'connection_id' => $id,
				'minutes'       => $minutes,
			)
		);
	}

	/**
	 * Gives every importing connection its recurring event (cheap: the cron array is in memory).
	 */
	public function ensure_schedules(): void {
		foreach ( $this->connections->all() as $connection ) {
			$this->schedule( $connection );
		}
	}

	/**
	 * Schedules a connection's recurring run unless it has one.
	 *
	 * @param int $id Connection id.
	 */
	public function ensure_schedule( int $id ): void {
		$connection = $this->connections->find( $id );
		if ( null !== $connection ) {
			$this->schedule( $connection );
		}
	}

	/**
	 * Starts a connection's interval again from now: after a sync the administrator ran by hand,
	 * the next automatic one is a whole interval later, as the screen then says.
	 *
	 * @param int $id Connection id.
	 */
	public function restart_schedule( int $id ): void {
		wp_clear_scheduled_hook( self::HOOK, array( $id ) );
		$this->ensure_schedule( $id );
	}

	/**
	 * The recurring event of a connection already read, unless it has one or does not import.
	 * Its first run is one chosen interval away, so "Next automatic sync" matches the interval.
	 *
	 * @param array $connection Connection.
	 */
	private function schedule( array $connection ): void {
		$id = $connection['id'];
		if ( $this->imports( $connection ) && ! wp_next_scheduled( self::HOOK, array( $id ) ) ) {
			$minutes = $this->interval( $id );
			wp_schedule_event( time() + $minutes * MINUTE_IN_SECONDS, SyncIntervals::schedule_name( $minutes ), self::HOOK, array( $id ) );
		}
	}

	/**
	 * A push notification's request: one extra run soon; requests in between coalesce into it.
	 *
	 * @param int $id Connection id.
	 */
	public function request_soon( int $id ): void {
		if ( $this->imports( $this->connections->find( $id ) ) && ! wp_next_scheduled( self::SOON_HOOK, array( $id ) ) ) {
			wp_schedule_single_event( time() + self::SOON_DELAY, self::SOON_HOOK, array( $id ) );
		}
	}

	/**
	 * Removes a deleted connection's events, cursor, interval and state.
	 *
	 * @param int $id Connection id.
	 */
	public function forget( int $id ): void {
		wp_clear_scheduled_hook( self::HOOK, array( $id ) );
		wp_clear_scheduled_hook( self::SOON_HOOK, array( $id ) );
		foreach ( array_merge( ImportCursor::prefixes(), array( self::INTERVAL, self::STATE ) ) as $prefix ) {
			delete_option( $prefix . $id );
		}
	}

	/**
	 * Cron callback for one connection; failures are recorded by run(), never thrown into WP-Cron.
	 *
	 * @param int $id Connection id.
	 */
	public function run_scheduled( int $id ): void {
		$connection = $this->connections->find( $id );
		if ( null === $connection ) {
			$this->forget( $id ); // An event that outlived its connection.
			return;
		}
		if ( ConnectionsRepository::STATUS_CONNECTED !== $connection['status'] ) {
			return;
		}
		try {
			$this->run( $id );
		} catch ( HttpError $e ) {
			return; // Counted, audited and shown by run().
		}
	}

	/**
	 * What the admin screen shows about a connection's sync (the caller has read the connection).
	 *
	 * @param array $connection Connection.
	 * @return array{imports: bool, interval: int, next_run: ?int, last_run: ?array}
	 */
	public function status( array $connection ): array {
		$id   = $connection['id'];
		$next = wp_next_scheduled( self::SOON_HOOK, array( $id ) ) ?: wp_next_scheduled( self::HOOK, array( $id ) );
		$last = get_option( self::STATE . $id, null );
		return array(
			'imports'  => $this->imports( $connection ),
			'interval' => $this->interval( $id ),
			'next_run' => false === $next ? null : (int) $next,
			'last_run' => is_array( $last ) ? $last : null,
		);
	}

	/**
	 * Imports one connection.
	 *
	 * @param int $id Connection id.
	 * @return array{created: int, updated: int, cancelled: int, unchanged: int, pages: int, skipped: bool}
	 * @throws HttpError When the provider fails; the cursor is not advanced.
	 */
	public function run( int $id ): array {
		$outcome = $this->lock->with( self::LOCK_PREFIX . $id, fn() => $this->import( $id ), 0.0, 600 );
		if ( ! $outcome['acquired'] ) {
			return array( 'skipped' => true ) + self::NO_COUNTS;
		}
		return $outcome['result'];
	}

	/**
	 * Applies normalised events (an import page, a webhook) through the unique (connection,
	 * external id) link: the same event twice is one booking. All or nothing, in one transaction:
	 * a crash half-way cannot leave a booking without its link, which a repeat would create again.
	 *
	 * @param int   $connection_id Connection id.
	 * @param array $events        Events as CalendarSource::import_page() returns them; confirmed ones
	 *                             may carry customer_name and customer_email.
	 * @return array{created: int, updated: int, cancelled: int, unchanged: int}
	 */
	public function apply( int $connection_id, array $events ): array {
		return Transaction::run( fn() => $this->apply_events( $connection_id, $events ) );
	}

	/**
	 * The work of apply().
	 *
	 * @param int   $connection_id Connection id.
	 * @param array $events        Normalised events.
	 * @return array{created: int, updated: int, cancelled: int, unchanged: int}
	 */
	private function apply_events( int $connection_id, array $events ): array {
		$source  = self::source( (array) $this->connections->find( $connection_id ) );
		$counts  = array_diff_key( self::NO_COUNTS, array( 'pages' => 0 ) );
		$linked  = $this->links->find_by_externals( $connection_id, array_column( $events, 'external_id' ) );
		$current = $this->links->find_many( array_values( $linked ) ); // Per page, not per event.
		$new     = array(); // External id => event: stored together below.
		foreach ( $events as $event ) {
			$key = (string) $event['external_id'];
			$id  = $linked[ $key ] ?? null;
			if ( null === $id ) {
				// New here: the last word on it within the page counts (a page may repeat an item).
				if ( 'cancelled' === $event['status'] ) {
					unset( $new[ $key ] );
					++$counts['unchanged'];
				} else {
					$new[ $key ] = $event;
				}
				continue;
			}
			$stored = $this->bookings->store_imported( $event, $source, $current[ $id ] ?? null );
			if ( null !== $stored['booking'] ) {
				$current[ $id ] = $stored['booking'];
			}
			++$counts[ $stored['change'] ];
		}
		try {
			$created = $this->bookings->create_imported( $new, $source );
		} catch ( \RuntimeException $e ) {
			// phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain text for logs and JSON; escaped where shown as HTML.
			throw new HttpError( HttpError::TRANSIENT, 'The bookings of this page could not be saved now (another process was writing); the next run repeats it.' );
		}
		$this->links->link_many( $connection_id, array_map( static fn( array $booking ): int => $booking['id'], $created ) );
		$counts['created'] += count( $created );
		return $counts;
	}

	/**
	 * The run itself (under the lock).
	 *
	 * @param int $id Connection id.
	 * @return array<string, int|bool>
	 * @throws HttpError When the provider fails.
	 */
	private function import( int $id ): array {
		$connection = (array) $this->connections->find( $id );
		$provider   = $this->providers->get( (string) ( $connection['provider'] ?? '' ) );
		$counts     = array( 'skipped' => false ) + self::NO_COUNTS;
		if ( ! $this->imports( $connection ?: null ) || $connection['site_moved'] ) {
			return array( 'skipped' => true ) + $counts;
		}
		$started = microtime( true );
		/**
		 * Fires before an import run writes its bookings (listeners may read shared state once).
		 *
		 * @param int $id Connection id.
		 */
		do_action( 'syncwarden_import_started', $id );
		try {
			$counts = $this->listing->run( $connection, $provider, $counts, fn( int $id, array $events ): array => $this->apply( $id, $events ) );
		} catch ( HttpError $e ) {
			$this->audit->record( 'sync.failed', array( 'connection_id' => $id, 'provider' => $provider->id(), 'result' => 'failed', 'kind' => $e->kind ) + self::numbers( $counts ) );
			$this->remember( $id, 'failed', $counts, $started, $e->getMessage() );
			throw $e;
		} finally {
			/**
			 * Fires after an import run, whatever its outcome.
			 *
			 * @param int $id Connection id.
			 */
			do_action( 'syncwarden_import_finished', $id );
		}
		$complete = $counts['complete'];
		unset( $counts['complete'] );
		$this->audit->record( 'sync.imported', array( 'connection_id' => $id, 'provider' => $provider->id(), 'complete' => $complete ) + self::numbers( $counts ) );
		$this->remember( $id, $complete ? 'ok' : 'incomplete', $counts, $started, $complete ? '' : __( 'This run stopped at its page limit; the next run goes on where it stopped.', 'syncwarden' ) );
		return $counts + array( 'complete' => $complete );
	}

	/**
	 * The counts without the skipped flag (for the audit trail and the status).
	 *
	 * @param array $counts Counts.
	 * @return array<string, int>
	 */
	private static function numbers( array $counts ): array {
		return array_intersect_key( $counts, self::NO_COUNTS );
	}

	/**
	 * Keeps the outcome of the last run for the admin screen.
	 *
	 * @param int    $id      Connection id.
	 * @param string $result  ok, incomplete (stopped at the page limit, resumes) or failed.
	 * @param array  $counts  Counts.
	 * @param float  $started When the run started.
	 * @param string $error   Redacted error message, or what an incomplete run means ('' when ok).
	 */
	private function remember( int $id, string $result, array $counts, float $started, string $error ): void {
		update_option(
			self::STATE . $id,
			array(
				'at'          => time(),
				'result'      => $result,
				'duration_ms' => (int) round( ( microtime( true ) - $started ) * 1000 ),
				'error'       => $error,
			) + self::numbers( $counts ),
			false
		);
	}
}
