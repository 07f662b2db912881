<?php
/**
 * The pages of one import run.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Sync;

use SyncWarden\Http\HttpError;
use SyncWarden\OAuth\TokenService;
use SyncWarden\Providers\CalendarSource;
use SyncWarden\Storage\BookingsRepository;
use SyncWarden\Storage\Transaction;

defined( 'ABSPATH' ) || exit;

/**
 * Requests pages until the provider has no more or the run reaches its page limit (then the
 * position is kept and the next run goes on from it), and saves the new cursor only after the
 * last page was committed. A full listing that completed also cancels the bookings it imported
 * earlier inside the window that the listing no longer contains (deleted while the cursor was
 * lost); a partial one never cancels anything.
 */
final class ImportListing {

	public const MAX_PAGES = 400;
	private const CHUNK    = 500;

	/**
	 * Constructor.
	 *
	 * @param TokenService       $tokens   Authenticated calls.
	 * @param BookingsRepository $links    Bookings and their links.
	 * @param Bookings           $bookings Writes bookings (and announces them).
	 */
	public function __construct(
		private readonly TokenService $tokens,
		private readonly BookingsRepository $links,
		private readonly Bookings $bookings
	) {
	}

	/**
	 * Pages this run can request (filterable, e.g. for a host with a short PHP time limit).
	 */
	public static function max_pages(): int {
		/**
		 * Filters how many pages one import run requests before it stops and resumes next run.
		 *
		 * @param int $pages Default 400.
		 */
		return max( 1, (int) apply_filters( 'syncwarden_import_max_pages', self::MAX_PAGES ) );
	}

	/**
	 * One run.
	 *
	 * @param array          $connection Connection.
	 * @param CalendarSource $provider   Provider.
	 * @param array          $counts     Counts so far.
	 * @param callable       $apply      Importer::apply( connection id, events ).
	 * @return array Counts, with `complete` false when the run stopped at the page limit.
	 * @throws HttpError When a page fails; the cursor and the saved position stay as they were.
	 */
	public function run( array $connection, CalendarSource $provider, array $counts, callable $apply ): array {
		$id    = $connection['id'];
		$plan  = ImportCursor::plan( $connection, time() );
		$limit = self::max_pages();
		if ( $plan['reconcile'] && ! $plan['resumed'] ) {
			$this->links->mark_before( $id, $plan['listed_at'] );
		}
		for ( $pages = 0; ; ) {
			$request = $provider->import_request( $plan['cursor'], $plan['page'], $connection['account_ref'], $plan['window'] );
			try {
				$data = $this->tokens->call( $id, 'GET', $request['path'], $request['shape'], null, $request['headers'] ?? array(), $request['max_bytes'] ?? null );
			} catch ( HttpError $e ) {
				if ( 410 !== $e->status || ( null === $plan['cursor'] && null === $plan['page'] ) ) {
					throw $e;
				}
				// The provider forgot our cursor or page position: list the window again.
				$plan = ImportCursor::full( $connection, time() );
				$this->links->mark_before( $id, $plan['listed_at'] );
				continue;
			}
			$result = $provider->import_page( $data );
			$events = $this->confirm_removals( $id, $provider, $result['events'] );
			foreach ( $apply( $id, $events ) as $change => $number ) {
				$counts[ $change ] += $number;
			}
			if ( $plan['reconcile'] ) {
				$this->links->mark_listed( $id, array_column( $events, 'external_id' ), $plan['listed_at'] );
			}
			++$counts['pages'];
			$plan['page'] = $result['next_page'];
			if ( null === $plan['page'] ) {
				break;
			}
			if ( ++$pages >= $limit ) {
				ImportCursor::pause( $id, $plan, $plan['page'] );
				return array( 'complete' => false ) + $counts;
			}
		}
		if ( $plan['reconcile'] && null !== $result['sync_token'] ) {
			$counts['cancelled'] += $this->cancel_unlisted( $connection, $plan );
		}
		ImportCursor::finish( $id, $plan, $result['sync_token'] );
		return array( 'complete' => true ) + $counts;
	}

	/**
	 * Keeps a removal known by id only (Graph's `@removed`) only when the event is really gone:
	 * the same report also means "moved or created outside the window", and a live booking is
	 * never cancelled on that alone. Unlinked or already cancelled ones need no call.
	 *
	 * @param int            $id       Connection id.
	 * @param CalendarSource $provider Provider.
	 * @param array          $events   Normalised events of a page.
	 * @return array The events to apply.
	 * @throws HttpError When the check fails for another reason than "not found".
	 */
	private function confirm_removals( int $id, CalendarSource $provider, array $events ): array {
		$removed = array_filter( $events, static fn( array $event ): bool => ! empty( $event['removed'] ) );
		if ( ! $removed ) {
			return $events;
		}
		$linked = $this->links->find_by_externals( $id, array_column( $removed, 'external_id' ) );
		$live   = array_filter( $this->links->find_many( array_values( $linked ) ), static fn( array $booking ): bool => 'cancelled' !== $booking['status'] );
		foreach ( $events as $key => $event ) {
			$booking = $live[ $linked[ (string) $event['external_id'] ] ?? 0 ] ?? null;
			$check   = empty( $event['removed'] ) || null === $booking ? null : $provider->removal_check( (string) $event['external_id'] );
			if ( null === $check ) {
				continue;
			}
			try {
				$found = $this->tokens->call( $id, 'GET', $check['path'], $check['shape'] );
			} catch ( HttpError $e ) {
				if ( ! $e->item_gone() ) {
					throw $e;
				}
				continue; // Deleted: the removal stands.
			}
			if ( empty( $found['isCancelled'] ) ) {
				unset( $events[ $key ] ); // Still there, outside the window: the booking stays as it is.
			}
		}
		return array_values( $events );
	}

	/**
	 * Cancels the bookings this connection imported inside the listed window that a complete
	 * full listing did not contain.
	 *
	 * @param array $connection Connection.
	 * @param array $plan       The listing's plan.
	 * @return int How many were cancelled.
	 */
	private function cancel_unlisted( array $connection, array $plan ): int {
		$source    = Importer::source( $connection );
		$cancelled = 0;
		do {
			$gone = $this->links->unlisted( $connection['id'], $source, $plan['listed_at'], $plan['window'], self::CHUNK );
			Transaction::run(
				function () use ( $gone, $source, &$cancelled ): void {
					foreach ( $gone as $booking ) {
						$event = array(
							'external_id' => '',
							'status'      => 'cancelled',
						);
						if ( 'cancelled' === $this->bookings->store_imported( $event, $source, $booking )['change'] ) {
							++$cancelled;
						}
					}
				}
			);
		} while ( count( $gone ) === self::CHUNK ); // Cancelled ones no longer match: no repeat.
		return $cancelled;
	}
}
