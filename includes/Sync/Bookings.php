<?php
/**
 * Bookings as a use case: the one validator and writer behind the REST API and the public PHP API.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Sync;

use SyncWarden\Audit\AuditTrail;
use SyncWarden\Storage\BookingsRepository;
use SyncWarden\Time\AllDay;
use SyncWarden\Time\TimeZones;
use WP_Error;

defined( 'ABSPATH' ) || exit;

/**
 * Input: title, start and end (RFC 3339 with offset; for `all_day: true` dates, Y-m-d, the end
 * exclusive), timezone (IANA; legacy names are stored as the current one), status (confirmed or
 * cancelled; tentative for a booking not yet confirmed, exported as tentative), customer_name,
 * customer_email, customer_phone, notes. Bad input comes back as a
 * WP_Error whose `params` name each field with its problem; nothing is stored then. Audit entries
 * carry the booking id and the names of the fields written — never their values.
 */
final class Bookings {

	public const STATUSES = array( 'confirmed', 'tentative', 'cancelled' );

	private const LIMITS = array(
		'title'          => 255,
		'customer_name'  => 191,
		'customer_email' => 191,
		'customer_phone' => 64,
		'notes'          => 2000,
	);

	/**
	 * Constructor.
	 *
	 * @param BookingsRepository $bookings Storage.
	 * @param AuditTrail         $audit    Audit trail.
	 * @param string[]           $export_only Sources whose bookings a calendar never changes (booking
	 *                                        plugins: they are authoritative for their bookings).
	 */
	public function __construct( private readonly BookingsRepository $bookings, private readonly AuditTrail $audit, private readonly array $export_only = array() ) {
	}

	/**
	 * Creates a booking.
	 *
	 * @param array  $input  Booking fields.
	 * @param string $source Who created it: manual, api, or a booking plugin's slug.
	 * @return array|WP_Error The stored booking.
	 */
	public function create( array $input, string $source ): array|WP_Error {
		$fields = $this->validate( $input, null );
		if ( is_wp_error( $fields ) ) {
			return $fields;
		}
		// insert() returns the row as find() would: no read-back (a source hook runs in a visitor's request).
		$booking = $this->bookings->insert( $fields + array( 'source' => sanitize_key( $source ) ?: 'api' ) );
		if ( is_wp_error( $booking ) ) {
			return $booking;
		}
		$this->saved( 'booking.created', $booking, array_keys( $fields ) );
		return $booking;
	}

	/**
	 * Changes some fields of a booking.
	 *
	 * @param int   $id    Booking id.
	 * @param array $input Fields to change.
	 * @return array|WP_Error The stored booking.
	 */
	public function update( int $id, array $input ): array|WP_Error {
		$current = $this->bookings->find( $id );
		if ( null === $current ) {
			return new WP_Error( 'syncwarden_unknown_booking', __( 'This booking does not exist.', 'syncwarden' ), array( 'status' => 404 ) );
		}
		$fields = $this->validate( $input, $current );
		if ( is_wp_error( $fields ) ) {
			return $fields;
		}
		$this->bookings->update( $id, $fields );
		$booking = (array) $this->bookings->find( $id );
		$this->saved( 'cancelled' === ( $fields['status'] ?? '' ) ? 'booking.cancelled' : 'booking.updated', $booking, array_keys( $fields ) );
		return $booking;
	}

	/**
	 * Creates or changes a booking from an imported event (already normalised by the provider).
	 *
	 * @param array    $event  external_id, status and, unless cancelled, title, starts_at, ends_at, timezone
	 *                         and optionally customer_name, customer_email.
	 * @param string   $source The importing connection, e.g. google-3 (never exported back to it).
	 * @param array|null $current The booking the event is linked to, if any.
	 * @return array{booking: array|null, change: string} change: created, updated, cancelled or unchanged.
	 */
	public function store_imported( array $event, string $source, ?array $current ): array {
		if ( null !== $current && in_array( $current['source'], $this->export_only, true ) ) {
			return $this->refuse_remote_change( $event, $source, $current );
		}
		if ( 'cancelled' === $event['status'] ) {
			if ( null === $current || 'cancelled' === $current['status'] ) {
				return array( 'booking' => $current, 'change' => 'unchanged' );
			}
			return array( 'booking' => $this->change_imported( $current, array( 'status' => 'cancelled' ), 'booking.cancelled' ), 'change' => 'cancelled' );
		}
		$fields = $this->import_fields( $event );
		if ( null === $current ) {
			$key = (string) $event['external_id'];
			return array( 'booking' => $this->create_imported( array( $key => $event ), $source )[ $key ], 'change' => 'created' );
		}
		$changed = array_diff_assoc( $fields, array_intersect_key( array( 'all_day' => (int) $current['all_day'] ) + $current, $fields ) );
		if ( ! $changed ) {
			return array( 'booking' => $current, 'change' => 'unchanged' );
		}
		return array( 'booking' => $this->change_imported( $current, $changed, 'booking.updated' ), 'change' => 'updated' );
	}

	/**
	 * A calendar changed the event of a booking a booking plugin owns: the booking stays as the
	 * plugin has it (the next change there overwrites the event) and Activity says so.
	 *
	 * @param array  $event   Normalised event.
	 * @param string $source  The importing connection.
	 * @param array  $current The booking.
	 * @return array{booking: array, change: string}
	 */
	private function refuse_remote_change( array $event, string $source, array $current ): array {
		$changed = 'cancelled' === $event['status']
			? 'cancelled' !== $current['status']
			: (bool) array_diff_assoc( array_intersect_key( $this->import_fields( $event ), array_flip( array( 'starts_at', 'ends_at', 'all_day' ) ) ), array( 'all_day' => (int) $current['all_day'] ) + $current );
		if ( $changed ) {
			$this->audit->record(
				'source.remote_change',
				array(
					'result'     => 'refused',
					'booking_id' => $current['id'],
					'source'     => $current['source'],
					'connection' => $source,
					'reason'     => __( 'The event of a booking from a booking plugin was changed in the calendar. The booking plugin decides about its bookings, so the change was not written back; change the booking there.', 'syncwarden' ),
				)
			);
		}
		return array(
			'booking' => $current,
			'change'  => 'unchanged',
		);
	}

	/**
	 * Stores the bookings of new, confirmed imported events in one statement and announces each.
	 *
	 * @param array<string, array> $events Key (the external id) => event.
	 * @param string               $source The importing connection.
	 * @return array<string, array> Key => stored booking.
	 * @throws \RuntimeException When the database refused them (nothing is stored).
	 */
	public function create_imported( array $events, string $source ): array {
		$stored = $this->bookings->insert_many( array_map( fn( array $event ): array => $this->import_fields( $event ) + array( 'source' => $source ), $events ) );
		foreach ( $stored as $booking ) {
			$this->announce( 'booking.imported', $booking );
		}
		return $stored;
	}

	/**
	 * The booking fields of a confirmed imported event.
	 *
	 * @param array $event Normalised event.
	 * @return array<string, mixed>
	 */
	private function import_fields( array $event ): array {
		$fields = array(
			'title'     => mb_substr( trim( (string) $event['title'] ), 0, self::LIMITS['title'] ),
			'starts_at' => (int) $event['starts_at'],
			'ends_at'   => max( (int) $event['ends_at'], (int) $event['starts_at'] + 60 ),
			'timezone'  => (string) $event['timezone'],
			'status'    => 'confirmed',
			'all_day'   => empty( $event['all_day'] ) ? 0 : 1,
		);
		foreach ( array( 'customer_name', 'customer_email' ) as $field ) {
			$value = mb_substr( trim( (string) ( $event[ $field ] ?? '' ) ), 0, self::LIMITS[ $field ] );
			// Only webhooks carry the invitee; a listing without one never blanks it.
			if ( '' !== $value && ( 'customer_email' !== $field || is_email( $value ) ) ) {
				$fields[ $field ] = $value;
			}
		}
		return $fields;
	}

	/**
	 * Writes an import's changes to a booking and announces it.
	 *
	 * @param array  $current Stored booking.
	 * @param array  $changes Changed fields.
	 * @param string $event   booking.updated or booking.cancelled.
	 * @return array The booking as stored now.
	 */
	private function change_imported( array $current, array $changes, string $event ): array {
		$this->bookings->update( $current['id'], $changes );
		$booking = array_merge( $current, $changes, array( 'updated_at' => time() ) );
		$this->announce( $event, $booking );
		return $booking;
	}

	/**
	 * Validates input into storable fields; `$current` is the booking being updated (null: create).
	 *
	 * @param array      $input   Input.
	 * @param array|null $current Existing booking.
	 * @return array|WP_Error
	 */
	public function validate( array $input, ?array $current ): array|WP_Error {
		$errors = array();
		$fields = array();
		foreach ( self::LIMITS as $name => $max ) {
			if ( ! array_key_exists( $name, $input ) ) {
				continue;
			}
			$value = $input[ $name ];
			if ( ! is_string( $value ) || mb_strlen( $value ) > $max || preg_match( '/[\x00-\x08\x0B\x0C\x0E-\x1F\x7F]/', $value ) ) {
				/* translators: %d: maximum length */
				$errors[ $name ] = sprintf( _n( 'Must be text of at most %d character, without control characters.', 'Must be text of at most %d characters, without control characters.', $max, 'syncwarden' ), $max );
				continue;
			}
			$fields[ $name ] = trim( $value );
		}
		if ( null === $current && '' === ( $fields['title'] ?? '' ) && ! isset( $errors['title'] ) ) {
			$errors['title'] = __( 'A booking needs a title.', 'syncwarden' );
		}
		if ( '' !== ( $fields['customer_email'] ?? '' ) && ! is_email( $fields['customer_email'] ) ) {
			$errors['customer_email'] = __( 'This is not a valid e-mail address.', 'syncwarden' );
		}
		if ( '' !== ( $fields['customer_phone'] ?? '' ) && ! preg_match( '/^[0-9+().\-\s]{3,64}$/', $fields['customer_phone'] ) ) {
			$errors['customer_phone'] = __( 'Use digits, spaces and + ( ) - . only.', 'syncwarden' );
		}
		if ( array_key_exists( 'status', $input ) ) {
			if ( in_array( $input['status'], self::STATUSES, true ) ) {
				$fields['status'] = $input['status'];
			} else {
				$errors['status'] = __( 'Status must be confirmed, tentative or cancelled.', 'syncwarden' );
			}
		}
		if ( array_key_exists( 'timezone', $input ) ) {
			// Legacy names (Asia/Calcutta, US/Pacific) are stored as today's name for the same zone.
			$zone = TimeZones::shared()->canonical( $input['timezone'] );
			if ( null !== $zone ) {
				$fields['timezone'] = $zone;
			} else {
				$errors['timezone'] = __( 'Use an IANA time zone such as Europe/Berlin.', 'syncwarden' );
			}
		}
		$this->validate_times( $input, $current, $fields, $errors );
		$starts = $fields['starts_at'] ?? $current['starts_at'] ?? null;
		$ends   = $fields['ends_at'] ?? $current['ends_at'] ?? null;
		if ( null !== $starts && null !== $ends && $ends <= $starts && ! isset( $errors['start'], $errors['end'] ) ) {
			$errors['end'] = __( 'The end must be after the start.', 'syncwarden' );
		}
		if ( $errors ) {
			return new WP_Error(
				'rest_invalid_param',
				/* translators: %s: field names */
				sprintf( __( 'Invalid booking fields: %s.', 'syncwarden' ), implode( ', ', array_keys( $errors ) ) ),
				array(
					'status' => 400,
					'params' => $errors,
				)
			);
		}
		if ( null === $current ) {
			$fields += array(
				'timezone' => self::site_timezone(),
				'status'   => 'confirmed',
			);
		}
		return $fields;
	}

	/**
	 * Start, end and all_day into `$fields` (or `$errors`). An all-day booking's start and end are
	 * dates read in its zone; a zone change alone keeps its dates.
	 *
	 * @param array      $input   Input.
	 * @param array|null $current Existing booking.
	 * @param array      $fields  Validated fields so far (timezone included).
	 * @param array      $errors  Errors so far.
	 */
	private function validate_times( array $input, ?array $current, array &$fields, array &$errors ): void {
		$was = (bool) ( $current['all_day'] ?? false );
		if ( array_key_exists( 'all_day', $input ) && ! rest_is_boolean( $input['all_day'] ) ) {
			$errors['all_day'] = __( 'All day must be true or false.', 'syncwarden' );
			return;
		}
		$all_day  = array_key_exists( 'all_day', $input ) ? rest_sanitize_boolean( $input['all_day'] ) : $was;
		$switched = null !== $current && $all_day !== $was;
		$zone     = $fields['timezone'] ?? $current['timezone'] ?? self::site_timezone();
		foreach ( array( 'start' => 'starts_at', 'end' => 'ends_at' ) as $name => $column ) {
			if ( array_key_exists( $name, $input ) ) {
				$date = $all_day ? AllDay::parse_date( $input[ $name ] ) : null;
				$time = $all_day ? ( null === $date ? null : AllDay::midnight( $date, $zone ) ) : self::parse_time( $input[ $name ] );
				if ( null !== $time ) {
					$fields[ $column ] = $time;
				} else {
					$errors[ $name ] = $all_day
						? __( 'For an all-day booking use a date such as 2026-12-24; the end is the day after the last day.', 'syncwarden' )
						: __( 'Use an RFC 3339 date-time with its offset, e.g. 2026-12-01T09:30:00+01:00.', 'syncwarden' );
				}
			} elseif ( null === $current || $switched ) {
				$errors[ $name ] = __( 'A booking needs a start and an end.', 'syncwarden' );
			} elseif ( $all_day && isset( $fields['timezone'] ) ) {
				$fields[ $column ] = AllDay::midnight( (string) $current[ 'start' === $name ? 'start_date' : 'end_date' ], $zone );
			}
		}
		if ( null === $current || array_key_exists( 'all_day', $input ) ) {
			$fields['all_day'] = (int) $all_day;
		}
	}

	/**
	 * A Unix time from an RFC 3339 string with an explicit offset, or null.
	 *
	 * @param mixed $value Input.
	 */
	private static function parse_time( $value ): ?int {
		if ( ! is_string( $value ) || ! preg_match( '/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/', $value ) ) {
			return null;
		}
		$time = strtotime( $value );
		return false === $time ? null : $time;
	}

	private static function site_timezone(): string {
		return TimeZones::shared()->canonical( wp_timezone_string() ) ?? 'UTC';
	}

	/**
	 * Audits and announces a write.
	 *
	 * @param string   $event   Audit event.
	 * @param array    $booking Stored booking.
	 * @param string[] $fields  Names of the fields written.
	 */
	private function saved( string $event, array $booking, array $fields ): void {
		$this->audit->record(
			$event,
			array(
				'booking_id' => $booking['id'],
				'fields'     => $fields,
			)
		);
		$this->announce( $event, $booking );
	}

	/**
	 * Tells listeners (the outbox, other plugins) about a saved booking. Imports announce without
	 * an audit entry per booking: the run's entry carries the counts.
	 *
	 * @param string $event   Event name.
	 * @param array  $booking The stored booking.
	 */
	private function announce( string $event, array $booking ): void {
		/**
		 * Fires after a booking was created or changed through SyncWarden.
		 *
		 * @param array  $booking The stored booking.
		 * @param string $event   booking.created, booking.imported, booking.updated or booking.cancelled.
		 */
		do_action( 'syncwarden_booking_saved', $booking, $event );
	}
}
