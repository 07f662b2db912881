<?php
/**
 * FluentBooking (plugin slug `fluent-booking`) as a source.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Sources;

defined( 'ABSPATH' ) || exit;

/**
 * Read from FluentBooking 2.1.0. Its hooks pass the Booking model: `fluent_booking/after_booking_<status>(
 * $booking, $calendar_slot, $booking_data )` for a new booking (app/Services/BookingService.php:81)
 * and for a status set by the host (app/Http/Controllers/SchedulesController.php:322, after
 * `booking_schedule_<status>` at :316), `…/after_booking_rescheduled( $booking, $previous, $event )`
 * (app/Hooks/Handlers/FrontEndHandler.php:522), `…/after_patch_booking_schedule( $booking, $old )`
 * (SchedulesController.php:325), `…/booking_schedule_cancelled` (app/Models/Booking.php:705,718),
 * `…/booking_schedule_rejected` (:741), `…/booking_schedule_completed`
 * (app/Hooks/Scheduler/FiveMinuteScheduler.php:46), `…/before_delete_booking( $booking )`
 * (SchedulesController.php:365, CleanupHandlers/CalenderEventCleaner.php:31) and
 * `…/after_delete_booking( $booking_id )` (CalenderEventCleaner.php:33). One status change from the
 * host fires three of them: the first applies it, the others find nothing left to change. The row
 * in `{prefix}fcal_bookings` holds UTC start_time/end_time and the person's zone.
 *
 * Busy time goes in through `fluent_booking/remote_booked_events( $books, $calendar_slot,
 * $to_zone, $date_range, $host_id, $is_doing_booking )` (app/Services/TimeSlotService.php:294),
 * the filter its own remote calendars answer (Integrations/Calendars/BaseCalendar.php:36): items
 * `{ start, end, source }` as Y-m-d H:i:s in `$to_zone` (UTC when slots are listed, :35), for the
 * range asked for (UTC). FluentBooking checks both the slots it lists and a booking being made
 * against them (TimeSlotService::isSpotAvailable() :173 runs the same query with
 * `$is_doing_booking` set).
 */
final class FluentBookingSource implements Source {

	public const ID = 'fluent-booking';

	private const CHANGED = array(
		'fluent_booking/after_booking_scheduled',
		'fluent_booking/after_booking_pending',
		'fluent_booking/after_booking_rescheduled',
		'fluent_booking/after_patch_booking_schedule',
		'fluent_booking/booking_schedule_cancelled',
		'fluent_booking/booking_schedule_rejected',
		'fluent_booking/booking_schedule_completed',
		'fluent_booking/booking_schedule_no_show',
	);

	/** FluentBooking statuses in StatusPolicy's words; others are held. */
	private const STATUSES = array(
		'scheduled' => 'approved',
		'pending'   => 'pending',
		'cancelled' => 'cancelled',
		'rejected'  => 'rejected',
		'completed' => 'completed',
		'no_show'   => 'no_show',
	);

	public function id(): string {
		return self::ID;
	}

	public function label(): string {
		return 'FluentBooking';
	}

	public function plugin_file(): string {
		return 'fluent-booking/fluent-booking.php';
	}

	public function block_busy_time( SourceBusyTime $busy ): void {
		$busy->filter( self::ID, 'fluent_booking/remote_booked_events', static fn( $books, $slot = null, $zone = 'UTC', $range = array() ) => self::with_busy_time( $books, $zone, $range, $busy ), 4 );
	}

	/**
	 * A host's connected remote calendar: its token row in `{prefix}fcal_meta`, object type
	 * `_<key>_user_token` (app/Services/Integrations/Calendars/BaseCalendar.php:29-31; the Google
	 * and Outlook calendars that use it come with FluentBooking Pro).
	 */
	public function own_calendar_sync(): array {
		global $wpdb;
		$table = "{$wpdb->prefix}fcal_meta";
		return OwnCalendarSync::providers(
			array(
				'google'    => OwnCalendarSync::found( "SELECT 1 FROM {$table} WHERE object_type = '_google_user_token' LIMIT 1" ),
				'microsoft' => OwnCalendarSync::found( "SELECT 1 FROM {$table} WHERE object_type = '_outlook_user_token' LIMIT 1" ),
			)
		);
	}

	public function busy_time_note(): string {
		return __( 'Busy time from your connected calendars is booked time in FluentBooking for every host, as for its own calendar connections: those slots are not offered.', 'syncwarden' );
	}

	/**
	 * The remote bookings FluentBooking collected with the busy time of the range added.
	 *
	 * @param mixed          $books Remote booked slots so far.
	 * @param mixed          $zone  Zone the slots are expressed in.
	 * @param mixed          $range [ from, to ] in UTC.
	 * @param SourceBusyTime $busy  Busy time.
	 * @return mixed
	 */
	private static function with_busy_time( $books, $zone, $range, SourceBusyTime $busy ) {
		if ( ! is_array( $books ) || ! is_array( $range ) || ! is_string( $range[0] ?? null ) || ! is_string( $range[1] ?? null ) ) {
			return $books;
		}
		$utc  = new \DateTimeZone( 'UTC' );
		$to   = new \DateTimeZone( is_string( $zone ) && '' !== $zone ? SourceTime::zone( $zone ) : 'UTC' );
		$from = ( new \DateTimeImmutable( $range[0], $utc ) )->getTimestamp();
		// A range that ends on a bare date includes that day.
		$until = ( new \DateTimeImmutable( $range[1], $utc ) )->modify( preg_match( '/^\d{4}-\d{2}-\d{2}$/', $range[1] ) ? '+1 day' : '+0 seconds' )->getTimestamp();
		$wall  = static fn( int $time ): string => ( new \DateTimeImmutable( '@' . $time ) )->setTimezone( $to )->format( 'Y-m-d H:i:s' );
		foreach ( $busy->between( $from, $until ) as $interval ) {
			$books[] = array(
				'start'  => $wall( $interval['start'] ),
				'end'    => $wall( $interval['end'] ),
				'source' => 'syncwarden',
			);
		}
		return $books;
	}

	public function attach( SourceBookings $bookings ): void {
		foreach ( self::CHANGED as $hook ) {
			$bookings->listen( self::ID, $hook, fn( $booking ) => $bookings->refresh( self::ID, $booking, $this->record( ... ) ) );
		}
		// Before the delete the row is still there; after it only the id is passed.
		foreach ( array( 'fluent_booking/before_delete_booking', 'fluent_booking/after_delete_booking' ) as $hook ) {
			$bookings->listen( self::ID, $hook, static fn( $booking ) => $bookings->remove_passed( self::ID, $booking ) );
		}
	}

	public function bookings_since( int $since, int $limit, int $after = 0 ): array {
		global $wpdb;
		$ids = $wpdb->get_col( $wpdb->prepare( "SELECT id FROM {$wpdb->prefix}fcal_bookings WHERE start_time >= %s AND id > %d ORDER BY id LIMIT %d", gmdate( 'Y-m-d H:i:s', $since ), $after, $limit ) );
		return array_values( array_filter( array_map( fn( $id ) => $this->record( (int) $id ), (array) $ids ) ) );
	}

	/**
	 * A booking in record form, or null when its row is gone or has no readable time.
	 *
	 * @param int $id FluentBooking booking id.
	 * @return array{ref: string, status: string, fields: array}|null
	 */
	private function record( int $id ): ?array {
		global $wpdb;
		$row = $wpdb->get_row( $wpdb->prepare( "SELECT b.status, b.start_time, b.end_time, b.person_time_zone, b.first_name, b.last_name, b.email, b.phone, e.title FROM {$wpdb->prefix}fcal_bookings b LEFT JOIN {$wpdb->prefix}fcal_calendar_events e ON e.id = b.event_id WHERE b.id = %d", $id ), ARRAY_A );
		$start = is_array( $row ) ? SourceTime::utc( $row['start_time'] ) : null;
		$end   = is_array( $row ) ? SourceTime::utc( $row['end_time'] ) : null;
		if ( null === $start || null === $end ) {
			return null;
		}
		// The host's calendar shows the booking in the site's zone; the person's zone is theirs.
		$fields = SourceTime::span( $start, $end, SourceTime::zone() ) + array_filter(
			array(
				'title'          => (string) ( $row['title'] ?? '' ),
				'customer_name'  => trim( ( $row['first_name'] ?? '' ) . ' ' . ( $row['last_name'] ?? '' ) ),
				'customer_email' => (string) ( $row['email'] ?? '' ),
				'customer_phone' => (string) ( $row['phone'] ?? '' ),
			),
			'strlen'
		);
		return array(
			'ref'    => (string) $id,
			'status' => self::STATUSES[ (string) $row['status'] ] ?? 'pending',
			'fields' => $fields + array(
				/* translators: %d: the booking's number in FluentBooking */
				'title' => sprintf( __( 'Booking #%d', 'syncwarden' ), $id ),
			),
		);
	}
}
