<?php
/**
 * Bookly (plugin slug `bookly-responsive-appointment-booking-tool`, free) as a source.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Sources;

use SyncWarden\Storage\SourceLinksRepository;
use SyncWarden\Sync\SyncIntervals;

defined( 'ABSPATH' ) || exit;

/**
 * Read from Bookly 27.4, which fires no hook when a booking is made, changed or deleted (its only
 * actions are its own activate/deactivate/uninstall, lib/base/Plugin.php:150,167,189), so this
 * source polls every 5 minutes on WP-Cron (`syncwarden_poll_bookly`). One Bookly appointment (a
 * staff member's time slot, holding one or more customer appointments) is one SyncWarden booking.
 *
 * Tables (lib/Installer.php): `{prefix}bookly_appointments` (:792-830: start_date, end_date,
 * extras_duration in seconds, service_id, custom_service_name, google_event_id, outlook_event_id,
 * created_at, updated_at), `{prefix}bookly_customer_appointments` (:898-955: appointment_id,
 * customer_id, status, updated_at; deleted with their appointment, ON DELETE CASCADE),
 * `{prefix}bookly_customers` (:752-780: full_name, first_name, last_name, phone, email) and
 * `{prefix}bookly_services` (:594: title). Every one of those times is the site's wall clock:
 * updated_at is set from current_time( 'mysql' ) on each save that changes a field
 * (lib/entities/Appointment.php:924-929, lib/entities/CustomerAppointment.php:1072-1075), and
 * start_date / end_date are in the zone Bookly takes from the site (lib/Config.php:750-763). The
 * appointment ends at end_date plus extras_duration, as Bookly's own calendar and slot finder read
 * it (backend/modules/calendar/Page.php:123, lib/slots/Finder.php:653).
 *
 * Each poll follows both tables by a (updated_at, id) cursor, so rows saved in the same second are
 * never skipped, in pages of `$page` rows, at most `$pages` pages a table; the stored cursor
 * stays SETTLE seconds behind the clock, so a row whose updated_at was taken just before the poll
 * but committed after it is read on the next poll (applying an unchanged row writes nothing). A
 * deleted appointment leaves no row to see, so each poll also checks one page of the links whose
 * booking still stands on calendars against the appointments that exist, going round.
 *
 * No busy time: Bookly offers no filter over availability. Its slot finder
 * (lib/slots/Finder.php:636-736) reads its own tables and, for Google/Outlook/Apple busy time,
 * Lib\Proxy calls that only Bookly Pro answers (lib/base/Proxy.php:17-28); the free plugin has no
 * apply_filters on slots at all (its only filters are bookly_form_attributed and bookly_plugins).
 */
final class BooklySource implements Source, Poller {

	public const ID = 'bookly';

	public const HOOK = 'syncwarden_poll_bookly';

	/** Where the poll's cursors are kept (not autoloaded: read only by the poll). */
	public const CURSOR = 'syncwarden_bookly_cursor';

	private const MINUTES = 5;

	private const SETTLE = 60;

	/** A first poll reads what changed this long before it; older bookings go by backfill. */
	private const FIRST_LOOK = 15 * MINUTE_IN_SECONDS;

	/** Links checked for deleted appointments per poll. */
	private const SWEEP = 100;

	/** Deleted appointments are noticed for bookings that ended at most this long ago. */
	private const SWEEP_PAST = 30 * DAY_IN_SECONDS;

	/** Customer appointment statuses (lib/entities/CustomerAppointment.php:9-14) in StatusPolicy's words. */
	private const STATUSES = array(
		'approved'   => 'approved',
		'done'       => 'completed',
		'pending'    => 'pending',
		'waitlisted' => 'pending',
		'rejected'   => 'rejected',
		'cancelled'  => 'cancelled',
	);

	/** Which status of its customers an appointment takes: the first found holds the time longest. */
	private const RANK = array( 'approved', 'completed', 'pending', 'rejected', 'cancelled' );

	/**
	 * Constructor.
	 *
	 * @param int                   $page  Rows read per page.
	 * @param int                   $pages Pages read per table and poll.
	 * @param SourceLinksRepository $links Source links (for deleted appointments).
	 */
	public function __construct(
		private readonly int $page = 50,
		private readonly int $pages = 4,
		private readonly SourceLinksRepository $links = new SourceLinksRepository()
	) {
	}

	public function id(): string {
		return self::ID;
	}

	public function label(): string {
		return 'Bookly';
	}

	public function plugin_file(): string {
		return 'bookly-responsive-appointment-booking-tool/main.php';
	}

	/** Nothing: see the class comment (lib/slots/Finder.php:636-736, lib/base/Proxy.php:17-28). */
	public function block_busy_time( SourceBusyTime $busy ): void {
		unset( $busy );
	}

	/** Appointments its own (Pro) calendar sync wrote (lib/Installer.php:803,805). */
	public function own_calendar_sync(): array {
		global $wpdb;
		$table = "{$wpdb->prefix}bookly_appointments";
		return OwnCalendarSync::providers(
			array(
				'google'    => OwnCalendarSync::filled( $table, 'google_event_id' ),
				'microsoft' => OwnCalendarSync::filled( $table, 'outlook_event_id' ),
			)
		);
	}

	public function busy_time_note(): string {
		return __( 'Bookly offers other plugins no way to block time, so busy time from your connected calendars does not block its slots; reading busy time from Google Calendar or Outlook is part of Bookly Pro. Bookly announces no bookings either, so SyncWarden looks for new and changed ones every 5 minutes.', 'syncwarden' );
	}

	public function attach( SourceBookings $bookings ): void {
		$bookings->listen( self::ID, self::HOOK, fn() => $this->poll( $bookings ), 0 );
	}

	public function keep_polling( bool $on ): void {
		if ( ! did_action( 'init' ) ) {
			// Scheduling asks for the cron schedules, whose names are translated: not before init.
			add_action( 'init', fn() => $this->keep_polling( $on ) );
			return;
		}
		$next = wp_next_scheduled( self::HOOK );
		if ( $on && false === $next ) {
			wp_schedule_event( time() + self::MINUTES * MINUTE_IN_SECONDS, SyncIntervals::schedule_name( self::MINUTES ), self::HOOK );
		} elseif ( ! $on && false !== $next ) {
			wp_clear_scheduled_hook( self::HOOK );
		}
	}

	/**
	 * One poll: changed appointments and customer appointments, then one page of deletes.
	 *
	 * @param SourceBookings $bookings Where records go.
	 */
	public function poll( SourceBookings $bookings ): void {
		global $wpdb;
		$now    = (string) current_time( 'mysql' ); // The clock Bookly's updated_at is written with.
		$cursor = $this->cursor( $now );
		$apply  = fn( int $id ) => $bookings->reread( self::ID, $id, $this->record( ... ) );
		$cursor['appointments']          = $this->follow( "{$wpdb->prefix}bookly_appointments", 'id', $cursor['appointments'], $now, $apply );
		$cursor['customer_appointments'] = $this->follow( "{$wpdb->prefix}bookly_customer_appointments", 'appointment_id', $cursor['customer_appointments'], $now, $apply );
		$cursor['sweep']                 = $this->sweep( $cursor['sweep'], $bookings );
		update_option( self::CURSOR, $cursor, false );
	}

	public function bookings_since( int $since, int $limit, int $after = 0 ): array {
		global $wpdb;
		$ids = $wpdb->get_col( $wpdb->prepare( "SELECT id FROM {$wpdb->prefix}bookly_appointments WHERE start_date >= %s AND id > %d ORDER BY id LIMIT %d", wp_date( 'Y-m-d H:i:s', $since ), $after, $limit ) );
		return array_values( array_filter( array_map( fn( $id ) => $this->record( (int) $id ), (array) $ids ) ) );
	}

	/**
	 * The stored cursors; a first poll starts FIRST_LOOK back, and a cursor ahead of the clock
	 * (the site's clocks went back an hour, or its time zone changed) starts over SETTLE back.
	 *
	 * @param string $now Site wall clock, Y-m-d H:i:s.
	 * @return array{appointments: array{0: string, 1: int}, customer_appointments: array{0: string, 1: int}, sweep: int}
	 */
	private function cursor( string $now ): array {
		$stored = get_option( self::CURSOR );
		$start  = array( self::before( $now, is_array( $stored ) ? self::SETTLE : self::FIRST_LOOK ), 0 );
		$cursor = array(
			'sweep' => is_array( $stored ) ? (int) ( $stored['sweep'] ?? 0 ) : 0,
		);
		foreach ( array( 'appointments', 'customer_appointments' ) as $table ) {
			$at               = is_array( $stored ) && is_array( $stored[ $table ] ?? null ) ? $stored[ $table ] : null;
			$cursor[ $table ] = null === $at || (string) $at[0] > $now ? $start : array( (string) $at[0], (int) $at[1] );
		}
		return $cursor;
	}

	/**
	 * Reads one table's rows changed after the cursor in (updated_at, id) order and applies their
	 * appointments, each once per page.
	 *
	 * @param string                $table  Table.
	 * @param string                $column Its appointment id column.
	 * @param array{0: string, 1: int} $after Cursor.
	 * @param string                $now    Site wall clock.
	 * @param callable(int): void   $apply  Applies one appointment.
	 * @return array{0: string, 1: int} The cursor to store.
	 */
	private function follow( string $table, string $column, array $after, string $now, callable $apply ): array {
		global $wpdb;
		$shown = $wpdb->suppress_errors(); // Bookly not installed yet: no table, nothing to read.
		for ( $page = 0; $page < $this->pages; $page++ ) {
			$rows = (array) $wpdb->get_results( $wpdb->prepare( "SELECT id, {$column} AS appointment, updated_at FROM {$table} WHERE updated_at > %s OR ( updated_at = %s AND id > %d ) ORDER BY updated_at, id LIMIT %d", $after[0], $after[0], $after[1], $this->page ), ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- table and column are ours.
			foreach ( array_unique( array_map( 'intval', array_column( $rows, 'appointment' ) ) ) as $id ) {
				$apply( $id );
			}
			$last  = end( $rows );
			$after = is_array( $last ) ? array( (string) $last['updated_at'], (int) $last['id'] ) : $after;
			if ( count( $rows ) < $this->page ) {
				break;
			}
		}
		$wpdb->suppress_errors( $shown );
		$settled = self::before( $now, self::SETTLE );
		return $after[0] >= $settled ? array( $settled, 0 ) : $after;
	}

	/**
	 * Cancels bookings whose appointment was deleted: one page of standing links checked against
	 * the appointments that exist, continuing where the last poll stopped.
	 *
	 * @param int            $after    Last link id checked.
	 * @param SourceBookings $bookings Where removals go.
	 * @return int Where the next poll continues (0: from the start).
	 */
	private function sweep( int $after, SourceBookings $bookings ): int {
		global $wpdb;
		$refs = $this->links->standing_refs( self::ID, $after, self::SWEEP, time() - self::SWEEP_PAST );
		if ( ! $refs ) {
			return 0;
		}
		$ids    = array_map( 'intval', $refs );
		$shown  = $wpdb->suppress_errors();
		$exists = $wpdb->get_col( $wpdb->prepare( "SELECT id FROM {$wpdb->prefix}bookly_appointments WHERE id IN (" . implode( ',', array_fill( 0, count( $ids ), '%d' ) ) . ')', $ids ) );
		$wpdb->suppress_errors( $shown );
		if ( null === $exists || '' !== $wpdb->last_error ) {
			return $after; // Unreadable: never take a booking off for a failed query.
		}
		foreach ( array_diff( $refs, array_map( 'strval', $exists ) ) as $ref ) {
			$bookings->remove( self::ID, $ref );
		}
		return count( $refs ) < self::SWEEP ? 0 : (int) array_key_last( $refs );
	}

	/**
	 * An appointment in record form, or null when its row is gone.
	 *
	 * @param int $id Appointment id.
	 * @return array{ref: string, status: string, fields: array}|null
	 */
	private function record( int $id ): ?array {
		global $wpdb;
		$row   = $wpdb->get_row( $wpdb->prepare( "SELECT a.start_date, a.end_date, a.extras_duration, a.custom_service_name, s.title FROM {$wpdb->prefix}bookly_appointments a LEFT JOIN {$wpdb->prefix}bookly_services s ON s.id = a.service_id WHERE a.id = %d", $id ), ARRAY_A );
		$start = is_array( $row ) ? SourceTime::wall( $row['start_date'] ) : null;
		$end   = is_array( $row ) ? SourceTime::wall( $row['end_date'] ) : null;
		if ( null === $start || null === $end ) {
			return null;
		}
		$customers = (array) $wpdb->get_results( $wpdb->prepare( "SELECT ca.status, c.full_name, c.first_name, c.last_name, c.email, c.phone FROM {$wpdb->prefix}bookly_customer_appointments ca LEFT JOIN {$wpdb->prefix}bookly_customers c ON c.id = ca.customer_id WHERE ca.appointment_id = %d ORDER BY ca.id", $id ), ARRAY_A );
		[ $status, $customer ] = self::lead( $customers );
		$name                  = trim( (string) ( $customer['full_name'] ?? '' ) );
		$fields                = SourceTime::span( $start, $end + max( 0, (int) $row['extras_duration'] ), SourceTime::zone() ) + array_filter(
			array(
				'title'          => (string) ( $row['title'] ?? $row['custom_service_name'] ?? '' ),
				'customer_name'  => '' !== $name ? $name : trim( ( $customer['first_name'] ?? '' ) . ' ' . ( $customer['last_name'] ?? '' ) ),
				'customer_email' => (string) ( $customer['email'] ?? '' ),
				'customer_phone' => (string) ( $customer['phone'] ?? '' ),
			),
			'strlen'
		);
		return array(
			'ref'    => (string) $id,
			'status' => $status,
			'fields' => $fields + array(
				/* translators: %d: the appointment's number in Bookly */
				'title' => sprintf( __( 'Appointment #%d', 'syncwarden' ), $id ),
			),
		);
	}

	/**
	 * The appointment's status (its customers' highest in RANK; a custom status of Bookly Pro, or
	 * no customer yet, is held as pending) and the first customer with that status.
	 *
	 * @param array<int, array> $customers Customer appointments with their customer, in id order.
	 * @return array{0: string, 1: array}
	 */
	private static function lead( array $customers ): array {
		$mapped = array_map( static fn( array $row ): string => self::STATUSES[ (string) $row['status'] ] ?? 'pending', $customers );
		foreach ( self::RANK as $status ) {
			$at = array_search( $status, $mapped, true );
			if ( false !== $at ) {
				return array( $status, $customers[ $at ] );
			}
		}
		return array( 'pending', array() );
	}

	/**
	 * A wall-clock "Y-m-d H:i:s" some seconds earlier (string arithmetic: no zone involved).
	 *
	 * @param string $at      Y-m-d H:i:s.
	 * @param int    $seconds Seconds.
	 */
	private static function before( string $at, int $seconds ): string {
		return gmdate( 'Y-m-d H:i:s', (int) strtotime( $at . ' UTC' ) - $seconds );
	}
}
