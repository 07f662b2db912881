<?php
/**
 * Applies booking-plugin records to SyncWarden bookings: the one writer every source uses.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Sources;

use SyncWarden\Audit\AuditTrail;
use SyncWarden\Storage\BookingsRepository;
use SyncWarden\Storage\SourceLinksRepository;
use SyncWarden\Storage\SourceSettings;
use SyncWarden\Sync\Bookings;

defined( 'ABSPATH' ) || exit;

/**
 * Runs inside the booking plugin's request (often a visitor submitting a booking): it only writes
 * locally — the outbox delivers later — and never lets anything escape into the host plugin
 * (every Throwable is caught and audited by class name, never by message: a message may quote
 * the customer). A record that changes nothing writes nothing, so the several hooks one change
 * fires, or both hook generations of one plugin, are absorbed into one export.
 */
final class SourceBookings {

	/** Input fields a plugin may fill with something SyncWarden cannot take; dropped, not fatal. */
	private const OPTIONAL = array( 'customer_name', 'customer_email', 'customer_phone', 'notes', 'title' );

	private const TIMING = array( 'start', 'end', 'all_day', 'timezone' );

	/**
	 * Constructor.
	 *
	 * @param Bookings              $bookings Bookings use case (validation, audit, announcement).
	 * @param BookingsRepository    $store    Bookings storage (reads).
	 * @param SourceLinksRepository $links    Source links.
	 * @param SourceSettings        $settings Per-source settings.
	 * @param AuditTrail            $audit    Audit trail.
	 */
	public function __construct(
		private readonly Bookings $bookings,
		private readonly BookingsRepository $store,
		private readonly SourceLinksRepository $links,
		private readonly SourceSettings $settings,
		private readonly AuditTrail $audit
	) {
	}

	/**
	 * Runs a source's hook work; nothing it throws reaches the host plugin.
	 *
	 * @param string   $source Source id.
	 * @param string   $hook   The plugin's hook (for the audit entry).
	 * @param callable $work   The work.
	 */
	public function guard( string $source, string $hook, callable $work ): void {
		try {
			$work();
		} catch ( \Throwable $e ) {
			try {
				$this->audit->record(
					'source.failed',
					array(
						'result' => 'failed',
						'source' => $source,
						'hook'   => $hook,
						'reason' => get_class( $e ) . ' at ' . basename( $e->getFile() ) . ':' . $e->getLine(),
					)
				);
			} catch ( \Throwable $ignored ) {
				unset( $ignored ); // Even the audit failing must not break a customer's booking.
			}
		}
	}

	/**
	 * Listens to a booking plugin's hook through guard().
	 *
	 * @param string   $source  Source id.
	 * @param string   $hook    The plugin's action.
	 * @param callable $handler Gets the action's arguments.
	 * @param int      $args    How many arguments the action passes.
	 */
	public function listen( string $source, string $hook, callable $handler, int $args = 1 ): void {
		add_action(
			$hook,
			function ( ...$given ) use ( $source, $hook, $handler ): void {
				$this->guard( $source, $hook, static fn() => $handler( ...$given ) );
			},
			10,
			$args
		);
	}

	/**
	 * Applies one record: creates, changes or cancels the linked booking, or does nothing when
	 * nothing changed.
	 *
	 * @param string $source Source id.
	 * @param array  $record { ref, status, fields|null }.
	 * @return string created, updated, cancelled or unchanged.
	 */
	public function apply( string $source, array $record ): string {
		$ref = (string) $record['ref'];
		if ( null === $record['fields'] ) {
			return $this->remove( $source, $ref );
		}
		$status = StatusPolicy::decide( (string) $record['status'], $this->settings->get( $source )['tentative'] );
		$id     = $this->links->find( $source, $ref );
		if ( null === $id ) {
			return null === $status || 'cancelled' === $status ? 'unchanged' : $this->create( $source, $ref, (string) $record['status'], $record['fields'] + array( 'status' => $status ) );
		}
		$this->links->seen( $source, $ref, (string) $record['status'] );
		$current = $this->store->find( $id );
		if ( null === $current ) {
			return 'unchanged';
		}
		// Not exported (pending again): its calendar events go, the booking stays.
		$input   = null === $status || 'cancelled' === $status ? array( 'status' => 'cancelled' ) : $this->usable( $record['fields'], $current ) + array( 'status' => $status );
		$changes = $this->changes( $input, $current );
		if ( ! $changes ) {
			return 'unchanged';
		}
		$this->bookings->update( $id, $changes );
		return 'cancelled' === ( $changes['status'] ?? '' ) ? 'cancelled' : 'updated';
	}

	/**
	 * A hook passed a booking (model, array or id): re-read it by id and apply it. A row that is
	 * gone or unreadable changes nothing here; the plugin's delete hooks cancel.
	 *
	 * @param string                $source   Source id.
	 * @param mixed                 $argument What the hook passed.
	 * @param callable(int): ?array $record   Reads the plugin's row as a record, or null.
	 */
	public function refresh( string $source, $argument, callable $record ): void {
		$id    = HookArgument::id( $argument );
		$found = null === $id ? null : $record( $id );
		if ( null !== $found ) {
			$this->apply( $source, $found );
		}
	}

	/**
	 * Re-reads one of the plugin's bookings by id and applies it; a row that is gone cancels what
	 * it became (for plugins whose change hooks also report deletes, or that are polled).
	 *
	 * @param string                $source Source id.
	 * @param int                   $id     The plugin's id.
	 * @param callable(int): ?array $record Reads the plugin's row as a record, or null when gone.
	 */
	public function reread( string $source, int $id, callable $record ): void {
		$found = $record( $id );
		null === $found ? $this->remove( $source, (string) $id ) : $this->apply( $source, $found );
	}

	/**
	 * A delete hook passed a booking (model, array or id): cancel what it became.
	 *
	 * @param string $source   Source id.
	 * @param mixed  $argument What the hook passed.
	 */
	public function remove_passed( string $source, $argument ): void {
		$id = HookArgument::id( $argument );
		if ( null !== $id ) {
			$this->remove( $source, (string) $id );
		}
	}

	/**
	 * The plugin's booking is gone (deleted, or only its id is known): cancel what it became.
	 *
	 * @param string $source Source id.
	 * @param string $ref    The plugin's id.
	 * @return string cancelled or unchanged.
	 */
	public function remove( string $source, string $ref ): string {
		$id      = $this->links->find( $source, $ref );
		$current = null === $id ? null : $this->store->find( $id );
		if ( null === $current ) {
			return 'unchanged';
		}
		$this->links->seen( $source, $ref, 'deleted' );
		if ( 'cancelled' === $current['status'] ) {
			return 'unchanged';
		}
		$this->bookings->update( $id, array( 'status' => 'cancelled' ) );
		return 'cancelled';
	}

	/**
	 * A new booking and its link.
	 *
	 * @param string $source Source id.
	 * @param string $ref    The plugin's id.
	 * @param string $seen   The plugin's status.
	 * @param array  $input  Booking input.
	 */
	private function create( string $source, string $ref, string $seen, array $input ): string {
		$booking = $this->bookings->create( $this->usable( $input, null ), $source );
		if ( is_wp_error( $booking ) ) {
			$params = (array) ( $booking->get_error_data()['params'] ?? array() );
			$this->audit->record( 'source.refused', array( 'result' => 'refused', 'source' => $source, 'fields' => array_keys( $params ) ) );
			return 'unchanged';
		}
		if ( ! $this->links->link( $source, $ref, $booking['id'], $seen ) ) {
			// Another request linked it first: this copy is withdrawn before anything was sent.
			$this->bookings->update( $booking['id'], array( 'status' => 'cancelled' ) );
			return 'unchanged';
		}
		return 'created';
	}

	/**
	 * The input without optional fields SyncWarden cannot take (a phone with letters, an address
	 * that is no e-mail): the booking is still exported, without them.
	 *
	 * @param array      $input   Booking input.
	 * @param array|null $current The booking being changed.
	 */
	private function usable( array $input, ?array $current ): array {
		$checked = $this->bookings->validate( $input, $current );
		if ( is_wp_error( $checked ) ) {
			$bad   = array_keys( (array) ( $checked->get_error_data()['params'] ?? array() ) );
			$input = array_diff_key( $input, array_flip( array_intersect( $bad, self::OPTIONAL ) ) );
		}
		return $input;
	}

	/**
	 * What of `$input` differs from the stored booking, in input form (timing fields together).
	 *
	 * @param array $input   Booking input.
	 * @param array $current Stored booking.
	 * @return array Input to pass to Bookings::update(); empty when nothing changed.
	 */
	private function changes( array $input, array $current ): array {
		$fields = $this->bookings->validate( $input, $current );
		if ( is_wp_error( $fields ) ) {
			return $input; // Let update() refuse it with its own words.
		}
		$current['all_day'] = (int) $current['all_day'];
		$changed            = array_keys( array_diff_assoc( array_map( 'strval', $fields ), array_map( 'strval', array_intersect_key( $current, $fields ) ) ) );
		$changes            = array();
		foreach ( $changed as $field ) {
			$key             = array( 'starts_at' => 'start', 'ends_at' => 'end' )[ $field ] ?? $field;
			$changes[ $key ] = $input[ $key ] ?? null;
			if ( in_array( $key, self::TIMING, true ) ) {
				$changes += array_intersect_key( $input, array_flip( self::TIMING ) );
			}
		}
		return array_filter( $changes, static fn( $value ): bool => null !== $value );
	}
}
