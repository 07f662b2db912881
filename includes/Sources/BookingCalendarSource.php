<?php
/**
 * Booking Calendar (WP Booking Calendar, plugin slug `booking`) as a source.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Sources;

use SyncWarden\Time\TimeZones;

defined( 'ABSPATH' ) || exit;

/**
 * Read from Booking Calendar 11.4.3. Its hooks pass booking ids (one, or a comma-separated list)
 * and, for status changes, the new state; the booking itself is re-read from `{prefix}booking`
 * (form, trash, sync_gid) and `{prefix}bookingdates` (one row per day, site-local datetimes; a
 * time ending in :01 is the check-in, :02 the check-out, 00:00:00 a whole day — see
 * `times_array` in includes/_capacity/create_booking.php). Both hook generations fire for some
 * actions (the bookings page's `wpbc_booking_action__*` and the older `wpbc_booking_*` of the AJAX
 * handlers and auto-approval): each is applied, and the second finds nothing left to change.
 * The legacy approval and trash hooks can fire before the row is written, so the state comes
 * from the hook's own argument, not the row. A booking with a `sync_gid` came in through
 * Booking Calendar's own Google Calendar import and is never exported back.
 */
final class BookingCalendarSource implements Source {

	public const ID = 'booking-calendar';

	private const CREATED  = array( 'wpbc_track_new_booking', 'wpbc_track_edit_booking' );
	private const APPROVAL = array( 'wpbc_booking_action__approved', 'wpbc_booking_approved' );
	private const TRASH    = array( 'wpbc_booking_action__trash', 'wpbc_booking_trash' );
	private const DELETE   = array( 'wpbc_booking_action__delete', 'wpbc_booking_delete' );

	public function id(): string {
		return self::ID;
	}

	public function label(): string {
		return 'Booking Calendar';
	}

	public function plugin_file(): string {
		return 'booking/wpdev-booking.php';
	}

	/** Nothing to add to: Booking Calendar only lets other code extend the days of an existing booking (wpbc_get_extended_block_dates_filter, core/wpbc-dates.php:867); it has no filter that adds unavailable times. */
	public function block_busy_time( SourceBusyTime $busy ): void {
		unset( $busy );
	}

	/**
	 * Its Google Calendar import: a feed set up (option `booking_gcal_feed`,
	 * includes/page-bookings/listing_actions/import_google_calendar.php:32) or bookings it imported
	 * (`sync_gid`, core/wpbc-activation.php:253).
	 */
	public function own_calendar_sync(): array {
		global $wpdb;
		return OwnCalendarSync::providers(
			array( 'google' => '' !== trim( (string) get_option( 'booking_gcal_feed', '' ) ) || OwnCalendarSync::filled( "{$wpdb->prefix}booking", 'sync_gid' ) )
		);
	}

	public function busy_time_note(): string {
		return __( 'Booking Calendar offers other plugins no way to mark times unavailable, so busy time from your connected calendars does not block dates in it. Keep those dates closed in Booking Calendar itself.', 'syncwarden' );
	}

	public function attach( SourceBookings $bookings ): void {
		foreach ( self::CREATED as $hook ) {
			$bookings->listen( self::ID, $hook, fn( $params ) => $this->refresh( $bookings, is_array( $params ) ? ( $params['booking_id'] ?? '' ) : '', null ) );
		}
		$bookings->listen( self::ID, 'wpbc_booking_action__change_booking_resource', fn( $id ) => $this->refresh( $bookings, $id, null ) );
		foreach ( self::APPROVAL as $hook ) {
			$bookings->listen( self::ID, $hook, fn( $ids, $approved = '1' ) => $this->refresh( $bookings, $ids, array( 'approved' => '1' === (string) $approved ) ), 2 );
		}
		foreach ( self::TRASH as $hook ) {
			$bookings->listen( self::ID, $hook, fn( $ids, $trash = '1' ) => $this->refresh( $bookings, $ids, array( 'trash' => '1' === (string) $trash ) ), 2 );
		}
		foreach ( self::DELETE as $hook ) {
			$bookings->listen(
				self::ID,
				$hook,
				static function ( $ids ) use ( $bookings ): void {
					foreach ( self::ids( $ids ) as $id ) {
						$bookings->remove( self::ID, (string) $id ); // Found through the link: the row may be gone.
					}
				}
			);
		}
	}

	public function bookings_since( int $since, int $limit, int $after = 0 ): array {
		global $wpdb;
		$from = wp_date( 'Y-m-d 00:00:00', $since );
		$ids  = $wpdb->get_col( $wpdb->prepare( "SELECT DISTINCT booking_id FROM {$wpdb->prefix}bookingdates WHERE booking_date >= %s AND booking_id > %d ORDER BY booking_id LIMIT %d", $from, $after, $limit ) );
		return array_values( $this->records( array_map( 'intval', (array) $ids ), array() ) );
	}

	/**
	 * Re-reads the bookings a hook named and applies them.
	 *
	 * @param SourceBookings $bookings Writer.
	 * @param mixed          $ids      One id or a comma-separated list.
	 * @param array|null     $state    approved / trash as the hook announced it.
	 */
	private function refresh( SourceBookings $bookings, $ids, ?array $state ): void {
		foreach ( $this->records( self::ids( $ids ), (array) $state ) as $record ) {
			$bookings->apply( self::ID, $record );
		}
	}

	/**
	 * Booking ids from a hook argument: "12", 12 or "12,13".
	 *
	 * @param mixed $ids Argument.
	 * @return int[]
	 */
	private static function ids( $ids ): array {
		if ( ! is_scalar( $ids ) ) {
			return array();
		}
		return array_values( array_filter( array_map( 'intval', explode( ',', (string) $ids ) ) ) );
	}

	/**
	 * Records for bookings, read in two queries. A booking whose row is gone is left out (its
	 * delete hook handles it); one imported by Booking Calendar's own Google sync too.
	 *
	 * @param int[] $ids   Booking ids.
	 * @param array $state approved / trash from the hook, overriding the row.
	 * @return array<int, array{ref: string, status: string, fields: array|null}>
	 */
	private function records( array $ids, array $state ): array {
		global $wpdb;
		if ( ! $ids ) {
			return array();
		}
		$in    = implode( ',', array_map( 'intval', $ids ) ); // Integers only.
		$rows  = $wpdb->get_results( "SELECT booking_id, form, trash, sync_gid FROM {$wpdb->prefix}booking WHERE booking_id IN ($in)", ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		$dates = $wpdb->get_results( "SELECT booking_id, booking_date, approved FROM {$wpdb->prefix}bookingdates WHERE booking_id IN ($in) ORDER BY booking_date", ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		$days  = array();
		foreach ( (array) $dates as $date ) {
			$days[ (int) $date['booking_id'] ][] = $date;
		}
		$records = array();
		foreach ( (array) $rows as $row ) {
			$id   = (int) $row['booking_id'];
			$span = self::span( $days[ $id ] ?? array() );
			if ( '' !== (string) $row['sync_gid'] || null === $span ) {
				continue;
			}
			$records[ $id ] = array(
				'ref'    => (string) $id,
				'status' => self::status( $row, $days[ $id ], $state ),
				'fields' => $span + self::customer( (string) $row['form'] ) + array(
					/* translators: %d: the booking's number in Booking Calendar */
					'title' => sprintf( __( 'Booking #%d', 'syncwarden' ), $id ),
				),
			);
		}
		return $records;
	}

	/**
	 * The status vocabulary of StatusPolicy for a booking.
	 *
	 * @param array $row   Booking row.
	 * @param array $days  Its date rows.
	 * @param array $state approved / trash from the hook.
	 */
	private static function status( array $row, array $days, array $state ): string {
		if ( $state['trash'] ?? ( '1' === (string) $row['trash'] ) ) {
			return 'cancelled'; // Booking Calendar's "cancel" moves a booking to the trash.
		}
		$approved = $state['approved'] ?? ! in_array( '0', array_map( 'strval', array_column( $days, 'approved' ) ), true );
		return $approved ? 'approved' : 'pending';
	}

	/**
	 * Start and end from the date rows, in the site's zone.
	 *
	 * @param array $days Date rows, in date order.
	 * @return array|null Booking input (start, end, all_day, timezone), or null without dates.
	 */
	private static function span( array $days ): ?array {
		if ( ! $days ) {
			return null;
		}
		$zone  = wp_timezone();
		$first = new \DateTimeImmutable( (string) $days[0]['booking_date'], $zone );
		$last  = new \DateTimeImmutable( (string) end( $days )['booking_date'], $zone );
		$name  = TimeZones::shared()->canonical( wp_timezone_string() );
		$span  = null === $name ? array() : array( 'timezone' => $name );
		if ( '00:00:00' === $first->format( 'H:i:s' ) && '00:00:00' === $last->format( 'H:i:s' ) || $last <= $first ) {
			return $span + array(
				'all_day' => true,
				'start'   => $first->format( 'Y-m-d' ),
				'end'     => $last->modify( '+1 day' )->format( 'Y-m-d' ),
			);
		}
		// The :01 / :02 seconds only mark check-in and check-out.
		return $span + array(
			'all_day' => false,
			'start'   => $first->setTime( (int) $first->format( 'H' ), (int) $first->format( 'i' ) )->format( DATE_RFC3339 ),
			'end'     => $last->setTime( (int) $last->format( 'H' ), (int) $last->format( 'i' ) )->format( DATE_RFC3339 ),
		);
	}

	/**
	 * The customer from the booking form: `type^name<resource id>^value` fields joined by `~`
	 * (as parsed by wpbc_get_parsed_booking_data_arr() in includes/_functions/booking_data__parse.php).
	 *
	 * @param string $form Stored form data.
	 * @return array customer_name, customer_email, customer_phone where present.
	 */
	private static function customer( string $form ): array {
		$values = array();
		foreach ( explode( '~', $form ) as $field ) {
			$parts = explode( '^', $field, 3 );
			if ( 3 === count( $parts ) ) {
				$name            = strtolower( (string) preg_replace( '/\d+(\[\])?$/', '', $parts[1] ) );
				$values[ $name ] = $values[ $name ] ?? trim( $parts[2] );
			}
		}
		$customer = array(
			'customer_name'  => trim( ( $values['name'] ?? '' ) . ' ' . ( $values['secondname'] ?? '' ) ),
			'customer_email' => $values['email'] ?? '',
			'customer_phone' => $values['phone'] ?? '',
		);
		return array_filter( $customer, static fn( string $value ): bool => '' !== $value );
	}
}
