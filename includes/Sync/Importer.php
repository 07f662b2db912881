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
use SyncWarden\Providers\ProviderRegistry;
use SyncWarden\Storage\BookingsRepository;
use SyncWarden\Storage\ConnectionsRepository;
use SyncWarden\Storage\Lock;

defined( 'ABSPATH' ) || exit;

/**
 * A run follows every page to the end and saves the provider's new sync cursor only after the
 * last page was applied, so a run that dies half-way repeats work but never loses any; writes are
 * keyed by the unique (connection, external id) link, so repeating never duplicates. An expired
 * cursor (410) starts a full listing. One run per connection at a time (cron and "Sync now").
 */
final class Importer {

	public const HOOK         = 'syncwarden_import_all';
	public const SCHEDULE     = 'syncwarden_quarter_hour';
	private const CURSOR      = 'syncwarden_import_cursor_';
	private const MAX_PAGES   = 400;

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
	 */
	public function __construct(
		private readonly ConnectionsRepository $connections,
		private readonly BookingsRepository $links,
		private readonly Bookings $bookings,
		private readonly ProviderRegistry $providers,
		private readonly TokenService $tokens,
		private readonly Lock $lock,
		private readonly AuditTrail $audit
	) {
	}

	/**
	 * Attaches to WordPress: a 15-minute WP-Cron event imports every importing connection.
	 */
	public function register_hooks(): void {
		add_filter(
			'cron_schedules', // phpcs:ignore WordPress.WP.CronInterval -- 15 minutes.
			static function ( array $schedules ): array {
				$schedules[ self::SCHEDULE ] = array(
					'interval' => 15 * MINUTE_IN_SECONDS,
					'display'  => __( 'Every 15 minutes (SyncWarden)', 'syncwarden' ),
				);
				return $schedules;
			}
		);
		add_action( self::HOOK, array( $this, 'run_all' ) );
		add_action(
			'admin_init',
			static function (): void {
				if ( ! wp_next_scheduled( self::HOOK ) ) {
					wp_schedule_event( time() + MINUTE_IN_SECONDS, self::SCHEDULE, self::HOOK );
				}
			}
		);
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
	 * Cron callback.
	 */
	public function run_all(): void {
		foreach ( $this->connections->all() as $connection ) {
			if ( in_array( 'import', $connection['features'], true ) && 'connected' === $connection['status'] ) {
				try {
					$this->run( $connection['id'] );
				} catch ( HttpError $e ) {
					continue; // Recorded and audited by run(); the next connection still syncs.
				}
			}
		}
	}

	/**
	 * Imports one connection.
	 *
	 * @param int $id Connection id.
	 * @return array{created: int, updated: int, cancelled: int, unchanged: int, pages: int, skipped: bool}
	 * @throws HttpError When the provider fails; nothing of the unfinished page is written.
	 */
	public function run( int $id ): array {
		$outcome = $this->lock->with( 'import_' . $id, fn() => $this->import( $id ), 0.0, 600 );
		if ( ! $outcome['acquired'] ) {
			return array( 'created' => 0, 'updated' => 0, 'cancelled' => 0, 'unchanged' => 0, 'pages' => 0, 'skipped' => true );
		}
		return $outcome['result'];
	}

	/**
	 * The run itself (under the lock).
	 *
	 * @param int $id Connection id.
	 * @return array<string, int|bool>
	 */
	private function import( int $id ): array {
		$connection = (array) $this->connections->find( $id );
		$provider   = $this->providers->get( (string) ( $connection['provider'] ?? '' ) );
		$counts     = array( 'created' => 0, 'updated' => 0, 'cancelled' => 0, 'unchanged' => 0, 'pages' => 0, 'skipped' => false );
		if ( null === $provider || null === $provider->import_request( null, null ) || $connection['site_moved'] ) {
			return array( 'skipped' => $connection['site_moved'] ?? false ) + $counts;
		}
		$cursor = get_option( self::CURSOR . $id, null );
		$page   = null;
		try {
			while ( true ) {
				$request = (array) $provider->import_request( $cursor, $page );
				try {
					$data = $this->tokens->call( $id, 'GET', $request['path'], $request['shape'] );
				} catch ( HttpError $e ) {
					if ( 410 !== $e->status || null === $cursor ) {
						throw $e;
					}
					$cursor = null; // The provider forgot our cursor: list everything again.
					$page   = null;
					continue;
				}
				$result = $provider->import_page( $data );
				foreach ( $result['events'] as $event ) {
					$linked = $this->links->find_by_external( $id, $event['external_id'] );
					$stored = $this->bookings->store_imported( $event, self::source( $connection ), $linked );
					if ( null === $linked && null !== $stored['booking'] ) {
						$this->links->link( $stored['booking']['id'], $id, $event['external_id'] );
					}
					++$counts[ $stored['change'] ];
				}
				++$counts['pages'];
				$page = $result['next_page'];
				if ( null === $page || $counts['pages'] >= self::MAX_PAGES ) {
					break;
				}
			}
		} catch ( HttpError $e ) {
			$this->audit->record( 'sync.failed', array( 'connection_id' => $id, 'provider' => $provider->id(), 'result' => 'failed', 'kind' => $e->kind ) + $counts );
			throw $e;
		}
		if ( null !== $result['sync_token'] ) {
			update_option( self::CURSOR . $id, $result['sync_token'], false ); // Only after the last page.
		}
		$this->audit->record( 'sync.imported', array( 'connection_id' => $id, 'provider' => $provider->id() ) + array_diff_key( $counts, array( 'skipped' => 1 ) ) );
		return $counts;
	}
}
