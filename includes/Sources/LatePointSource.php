<?php
/**
 * LatePoint (plugin slug `latepoint`) as a source.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Sources;

defined( 'ABSPATH' ) || exit;

/**
 * Read from LatePoint 5.6.5. Its hooks pass the booking model (`latepoint_booking_created(
 * $booking )`, `latepoint_booking_updated( $booking, $old_booking )`, `latepoint_booking_change_status(
 * $booking, $old_booking )`) or the id (`latepoint_booking_will_be_deleted( $id )` with the row
 * still there, `latepoint_booking_deleted( $id )` after it). Only the model's id is used: the
 * booking is re-read from `{prefix}latepoint_bookings`, with the customer from
 * `{prefix}latepoint_customers` and the title from the service's name. Its time is start_date /
 * end_date plus start_time / end_time minutes in the site's zone, which is how LatePoint itself
 * reads a booking (OsBookingModel::get_start_datetime(), lib/models/booking_model.php:1126-1156);
 * `start_datetime_utc` / `end_datetime_utc` are only derived copies that LatePoint leaves stale
 * when a time is 0 (set_utc_datetimes() returns early, booking_model.php:266-269: a booking moved
 * to midnight keeps its old UTC columns), so they are read only when the local columns are empty.
 * A status change fires both updated and change_status: the second finds nothing left to change.
 *
 * Busy time goes in through `latepoint_blocked_periods_for_range( $grouped, $filter,
 * $accessed_from_backend )` (lib/helpers/booking_helper.php:370), the filter over the blocked
 * periods LatePoint builds for every slot it offers or checks (lib/helpers/resource_helper.php:88,
 * OsBookingHelper::is_booking_request_available() :526): one day-keyed list of
 * \LatePoint\Misc\BlockedPeriod in the site's zone, minutes from midnight; agent_id 0 blocks every
 * agent (resource_helper.php:171).
 */
final class LatePointSource implements Source {

	public const ID = 'latepoint';

	/** LatePoint statuses (latepoint.php:450-465) in StatusPolicy's words; others are held. */
	private const STATUSES = array(
		'approved'        => 'approved',
		'pending'         => 'pending',
		'payment_pending' => 'pending',
		'cancelled'       => 'cancelled',
		'no_show'         => 'no_show',
		'completed'       => 'completed',
	);

	public function id(): string {
		return self::ID;
	}

	public function label(): string {
		return 'LatePoint';
	}

	public function plugin_file(): string {
		return 'latepoint/latepoint.php';
	}

	public function block_busy_time( SourceBusyTime $busy ): void {
		$busy->filter( self::ID, 'latepoint_blocked_periods_for_range', static fn( $grouped ) => self::with_busy_time( $grouped, $busy ) );
	}

	/** Bookings its Google Calendar add-on wrote (booking meta `google_calendar_event_id`, lib/models/agent_model.php:188). */
	public function own_calendar_sync(): array {
		global $wpdb;
		return OwnCalendarSync::providers(
			array( 'google' => OwnCalendarSync::found( "SELECT 1 FROM {$wpdb->prefix}latepoint_booking_meta WHERE meta_key = 'google_calendar_event_id' AND meta_value <> '' LIMIT 1" ) )
		);
	}

	public function busy_time_note(): string {
		return __( 'Busy time from your connected calendars is blocked in LatePoint for every agent: those times cannot be booked.', 'syncwarden' );
	}

	/**
	 * LatePoint's blocked periods with the busy time of the days asked for added.
	 *
	 * @param mixed          $grouped Blocked periods by Y-m-d.
	 * @param SourceBusyTime $busy    Busy time.
	 * @return mixed
	 */
	private static function with_busy_time( $grouped, SourceBusyTime $busy ) {
		if ( ! is_array( $grouped ) || ! $grouped || ! class_exists( \LatePoint\Misc\BlockedPeriod::class ) ) {
			return $grouped;
		}
		$zone  = new \DateTimeZone( SourceTime::zone() );
		$days  = array_keys( $grouped );
		$start = ( new \DateTimeImmutable( (string) min( $days ), $zone ) )->getTimestamp();
		$end   = ( new \DateTimeImmutable( (string) max( $days ), $zone ) )->modify( '+1 day' )->getTimestamp();
		foreach ( $busy->between( $start, $end ) as $interval ) {
			foreach ( SourceBusyTime::by_day( $interval, $zone->getName() ) as $day ) {
				if ( isset( $grouped[ $day['date'] ] ) && is_array( $grouped[ $day['date'] ] ) ) {
					$grouped[ $day['date'] ][] = new \LatePoint\Misc\BlockedPeriod(
						array(
							'start_date' => $day['date'],
							'end_date'   => $day['date'],
							'start_time' => $day['start'],
							'end_time'   => $day['end'],
						)
					);
				}
			}
		}
		return $grouped;
	}

	public function attach( SourceBookings $bookings ): void {
		foreach ( array( 'latepoint_booking_created', 'latepoint_booking_updated', 'latepoint_booking_change_status' ) as $hook ) {
			$bookings->listen( self::ID, $hook, fn( $booking ) => $bookings->refresh( self::ID, $booking, $this->record( ... ) ) );
		}
		foreach ( array( 'latepoint_booking_will_be_deleted', 'latepoint_booking_deleted' ) as $hook ) {
			$bookings->listen( self::ID, $hook, static fn( $id ) => $bookings->remove_passed( self::ID, $id ) );
		}
	}

	public function bookings_since( int $since, int $limit, int $after = 0 ): array {
		global $wpdb;
		$ids = $wpdb->get_col( $wpdb->prepare( "SELECT id FROM {$wpdb->prefix}latepoint_bookings WHERE ( start_datetime_utc >= %s OR start_date >= %s ) AND id > %d ORDER BY id LIMIT %d", gmdate( 'Y-m-d H:i:s', $since ), wp_date( 'Y-m-d', $since ), $after, $limit ) );
		return array_values( array_filter( array_map( fn( $id ) => $this->record( (int) $id ), (array) $ids ) ) );
	}

	/**
	 * A booking in record form, or null when its row is gone or has no readable time.
	 *
	 * @param int $id LatePoint booking id.
	 * @return array{ref: string, status: string, fields: array}|null
	 */
	private function record( int $id ): ?array {
		global $wpdb;
		$row = $wpdb->get_row(
			$wpdb->prepare(
				"SELECT b.status, b.start_date, b.end_date, b.start_time, b.end_time, b.start_datetime_utc, b.end_datetime_utc, c.first_name, c.last_name, c.email, c.phone, s.name AS service FROM {$wpdb->prefix}latepoint_bookings b LEFT JOIN {$wpdb->prefix}latepoint_customers c ON c.id = b.customer_id LEFT JOIN {$wpdb->prefix}latepoint_services s ON s.id = b.service_id WHERE b.id = %d",
				$id
			),
			ARRAY_A
		);
		if ( ! is_array( $row ) ) {
			return null;
		}
		$zone  = SourceTime::zone();
		$start = SourceTime::local( $row['start_date'], $row['start_time'], $zone ) ?? SourceTime::utc( $row['start_datetime_utc'] );
		$end   = SourceTime::local( $row['end_date'] ?? $row['start_date'], $row['end_time'], $zone ) ?? SourceTime::utc( $row['end_datetime_utc'] );
		if ( null === $start || null === $end ) {
			return null;
		}
		$fields = SourceTime::span( $start, $end, $zone ) + array_filter(
			array(
				'title'          => (string) ( $row['service'] ?? '' ),
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
				/* translators: %d: the booking's number in LatePoint */
				'title' => sprintf( __( 'Booking #%d', 'syncwarden' ), $id ),
			),
		);
	}
}
