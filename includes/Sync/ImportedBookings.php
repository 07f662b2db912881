<?php
/**
 * What becomes of the bookings a connection imported when it is disconnected, and when the same
 * account is connected again.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Sync;

use SyncWarden\Audit\AuditTrail;
use SyncWarden\OAuth\ConnectionService;
use SyncWarden\OAuth\GrantStore;
use SyncWarden\Storage\ConnectionsRepository;
use SyncWarden\Storage\ImportedBookingsRepository;
use SyncWarden\Storage\InstallId;
use SyncWarden\Storage\Lock;
use SyncWarden\Storage\Transaction;
use WP_Error;

defined( 'ABSPATH' ) || exit;

/**
 * Disconnecting keeps the imported bookings (as it always did) or removes them from this site.
 * Removing sends nothing to the provider: the events are the account's own, and the grant is
 * being revoked. It runs under the connection's import lock, so no import run or webhook adds a
 * booking meanwhile, in batches of BATCH, each with its links and outbox jobs in one
 * transaction; bookings made here and exported to the connection are not its imports and stay.
 *
 * Kept bookings stay linked to the events they came from. Imported bookings are keyed by
 * connection id, and connecting the account again after a disconnect makes a new connection, so
 * a disconnect that keeps bookings remembers the account (a keyed hash, no personal data) and
 * the account's next connection takes the bookings and links back before its first import:
 * the events are then found linked, never imported twice.
 */
final class ImportedBookings {

	public const BATCH      = 500;
	private const KEPT      = 'syncwarden_kept_imports';
	private const LOCK_WAIT = 10.0;
	private const LOCK_TTL  = 300;

	/**
	 * Constructor.
	 *
	 * @param ImportedBookingsRepository $store       Imported bookings as a set.
	 * @param ConnectionsRepository      $connections Connections.
	 * @param ConnectionService          $service     The disconnect itself.
	 * @param Lock                       $lock        The connection's import lock.
	 * @param AuditTrail                 $audit       Audit trail.
	 */
	public function __construct(
		private readonly ImportedBookingsRepository $store,
		private readonly ConnectionsRepository $connections,
		private readonly ConnectionService $service,
		private readonly Lock $lock,
		private readonly AuditTrail $audit
	) {
	}

	/**
	 * Attaches to WordPress: every disconnect (this one's, revoke all, another account replacing
	 * it) remembers what it kept; every new connection takes back what its account kept.
	 */
	public function register_hooks(): void {
		add_action( 'syncwarden_before_disconnect', array( $this, 'remember_kept' ) );
		add_action( 'syncwarden_connection_connected', array( $this, 'adopt_kept' ) );
	}

	/**
	 * How many bookings a connection imported (one indexed count).
	 *
	 * @param array $connection Connection.
	 */
	public function count( array $connection ): int {
		return $this->store->count( Importer::source( $connection ) );
	}

	/**
	 * Disconnects a connection (the caller found it), keeping or removing what it imported.
	 *
	 * @param int  $id     Connection id.
	 * @param bool $remove Remove the imported bookings from this site.
	 * @return array|WP_Error The disconnect's outcome with `imported` (keep or remove),
	 *                        `removed_bookings` and `kept_bookings`; an error (nothing changed)
	 *                        when an import of the connection holds its lock.
	 */
	public function disconnect( int $id, bool $remove ): array|WP_Error {
		$connection = (array) $this->connections->find( $id );
		if ( ! $remove ) {
			$kept = $this->count( $connection );
			return $this->service->disconnect( $id, self::facts( 'kept', $kept ) ) + self::outcome( 'keep', 0, $kept );
		}
		$run = $this->lock->with( Importer::LOCK_PREFIX . $id, fn(): array => $this->remove_and_disconnect( $connection ), self::LOCK_WAIT, self::LOCK_TTL );
		if ( ! $run['acquired'] ) {
			return new WP_Error( 'syncwarden_import_running', __( 'Bookings are being imported from this account right now. Nothing was changed; try again in a minute.', 'syncwarden' ), array( 'status' => 409 ) );
		}
		return $run['result'];
	}

	/**
	 * The removal, batch by batch, then the disconnect (under the import lock). A removal cut
	 * short leaves the connection in place, so the administrator can simply disconnect again.
	 *
	 * @param array $connection Connection.
	 */
	private function remove_and_disconnect( array $connection ): array {
		$source  = Importer::source( $connection );
		$removed = 0;
		do {
			$batch    = Transaction::run( fn(): int => $this->store->remove_batch( $source, self::BATCH ) );
			$removed += $batch;
		} while ( self::BATCH === $batch );
		return $this->service->disconnect( $connection['id'], self::facts( 'removed', $removed ) ) + self::outcome( 'remove', $removed, 0 );
	}

	/**
	 * Before a disconnect: remembers the account of a connection whose imported bookings stay.
	 *
	 * @param int $id Connection id.
	 */
	public function remember_kept( int $id ): void {
		$connection = $this->connections->find( $id );
		$account    = null === $connection ? null : self::account( $connection );
		if ( null === $account || 0 === $this->count( $connection ) ) {
			return;
		}
		$kept   = array_filter( self::kept(), static fn( array $entry ): bool => $entry['connection_id'] !== $id );
		$kept[] = array(
			'connection_id' => $id,
			'provider'      => (string) $connection['provider'],
			'account'       => $account,
		);
		update_option( self::KEPT, array_values( $kept ), false );
	}

	/**
	 * After a connect: a new connection of an account whose bookings a disconnect kept takes them
	 * back with their links, before it has imported or exported anything of its own.
	 *
	 * @param int $id Connection id.
	 */
	public function adopt_kept( int $id ): void {
		$connection = $this->connections->find( $id );
		$account    = null === $connection ? null : self::account( $connection );
		if ( null === $account ) {
			return;
		}
		$remaining = array();
		foreach ( self::kept() as $entry ) {
			$theirs = $entry['provider'] === $connection['provider'] && hash_equals( $entry['account'], $account ) && $entry['connection_id'] !== $id;
			if ( ! $theirs || ! $this->adopt( $entry['connection_id'], $connection ) ) {
				$remaining[] = $entry;
			}
		}
		update_option( self::KEPT, $remaining, false );
	}

	/**
	 * Moves one old connection's bookings and links to a new one, all or nothing (batched
	 * statements in one transaction: a booking moved without its link would be imported twice).
	 *
	 * @param int   $old        The disconnected connection's id.
	 * @param array $connection The new connection.
	 * @return bool Whether it moved (false: the new connection has links of its own already).
	 */
	private function adopt( int $old, array $connection ): bool {
		$run = $this->lock->with(
			Importer::LOCK_PREFIX . $connection['id'],
			function () use ( $old, $connection ): ?int {
				if ( $this->store->links( $connection['id'] ) > 0 ) {
					return null;
				}
				return Transaction::run(
					function () use ( $old, $connection ): int {
						$from  = Importer::source( array( 'id' => $old ) + $connection );
						$moved = 0;
						do {
							$batch  = $this->store->move_batch( $from, Importer::source( $connection ), self::BATCH );
							$moved += $batch;
						} while ( self::BATCH === $batch );
						do {
							$links = $this->store->move_links_batch( $old, $connection['id'], self::BATCH );
						} while ( self::BATCH === $links );
						return $moved;
					}
				);
			},
			self::LOCK_WAIT,
			self::LOCK_TTL
		);
		if ( ! $run['acquired'] || null === $run['result'] ) {
			return false;
		}
		$this->audit->record(
			'connection.kept_bookings_adopted',
			array(
				'connection_id'     => $connection['id'],
				'provider'          => $connection['provider'],
				'previous_id'       => $old,
				'imported_bookings' => $run['result'],
			)
		);
		return true;
	}

	/**
	 * A connection's account as a keyed hash (the kept list holds no e-mail address), or null
	 * when the provider named no account.
	 *
	 * @param array $connection Connection.
	 */
	private static function account( array $connection ): ?string {
		$key = GrantStore::account_key( $connection );
		return null === $key ? null : hash_hmac( 'sha256', 'account:' . $connection['provider'] . ':' . $key, InstallId::get() );
	}

	/**
	 * The remembered disconnects that kept bookings.
	 *
	 * @return array<int, array{connection_id: int, provider: string, account: string}>
	 */
	private static function kept(): array {
		$kept = array();
		foreach ( (array) get_option( self::KEPT, array() ) as $entry ) {
			if ( is_array( $entry ) && isset( $entry['connection_id'], $entry['provider'], $entry['account'] ) ) {
				$kept[] = array(
					'connection_id' => (int) $entry['connection_id'],
					'provider'      => (string) $entry['provider'],
					'account'       => (string) $entry['account'],
				);
			}
		}
		return $kept;
	}

	/**
	 * What the disconnect's audit entry says about the imported bookings (a number, no booking).
	 *
	 * @param string $what   kept or removed.
	 * @param int    $number How many.
	 */
	private static function facts( string $what, int $number ): array {
		return array(
			'imported'          => $what,
			'imported_bookings' => $number,
		);
	}

	/**
	 * What the response says about them.
	 *
	 * @param string $choice  keep or remove.
	 * @param int    $removed Removed.
	 * @param int    $kept    Kept.
	 */
	private static function outcome( string $choice, int $removed, int $kept ): array {
		return array(
			'imported'         => $choice,
			'removed_bookings' => $removed,
			'kept_bookings'    => $kept,
		);
	}
}
