<?php
/**
 * Formatting shared by the providers' booking mappings.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Providers;

use SyncWarden\Http\HttpError;
use SyncWarden\Time\AllDay;
use SyncWarden\Time\TimeZones;

defined( 'ABSPATH' ) || exit;

/**
 * Times in the booking's own zone, customer lines for calendar descriptions, name splitting.
 */
final class BookingFormat {

	/** What a calendar can receive: times always, everything else opt-in. */
	public const CALENDAR_FIELDS = array(
		'required' => array( 'starts_at', 'ends_at', 'timezone', 'all_day' ),
		'optional' => array( 'title', 'customer_name', 'customer_email', 'customer_phone', 'notes' ),
	);

	/** What a CRM contact can receive: the e-mail address identifies it; name and phone are opt-in. */
	public const CONTACT_FIELDS = array(
		'required' => array( 'customer_email' ),
		'optional' => array( 'customer_name', 'customer_phone' ),
	);

	/** An import page with nothing in it (providers that do not import). */
	public const NO_PAGE = array(
		'events'     => array(),
		'next_page'  => null,
		'sync_token' => null,
	);

	/**
	 * A Google { dateTime } as a Unix time, or an all-day { date } as its midnight in `$zone` (the
	 * event's or the calendar's).
	 *
	 * @param mixed  $value Start or end object.
	 * @param string $id    Event id (for the error).
	 * @param string $zone  IANA zone of the event.
	 * @throws HttpError INVALID_RESPONSE when it holds no readable time.
	 */
	public static function google_time( $value, string $id, string $zone = 'UTC' ): int {
		if ( is_array( $value ) && ! isset( $value['dateTime'] ) && null !== AllDay::parse_date( $value['date'] ?? null ) ) {
			return AllDay::midnight( $value['date'], $zone );
		}
		return self::timestamp( is_array( $value ) ? ( $value['dateTime'] ?? null ) : null, $id );
	}

	/**
	 * A Graph { dateTime, timeZone } as a Unix time; Graph's dateTime carries no offset and its
	 * timeZone may be a Windows name ("Pacific Standard Time") or IANA.
	 *
	 * @param mixed  $value Start or end object.
	 * @param string $id    Event id (for the error).
	 * @throws HttpError INVALID_RESPONSE when it holds no readable time.
	 */
	public static function graph_time( $value, string $id ): int {
		$text = is_array( $value ) && is_string( $value['dateTime'] ?? null ) ? $value['dateTime'] : null;
		if ( null !== $text && ! preg_match( '/(Z|[+-]\d\d:\d\d)$/', $text ) ) {
			$zone = self::zone( $value['timeZone'] ?? null );
			try {
				return ( new \DateTimeImmutable( $text, new \DateTimeZone( $zone ) ) )->getTimestamp();
			} catch ( \Exception $e ) {
				$text = null;
			}
		}
		return self::timestamp( $text, $id );
	}

	/**
	 * An ISO 8601 date-time as a Unix time.
	 *
	 * @param mixed  $text Date-time text.
	 * @param string $id   Event id (for the error).
	 * @throws HttpError INVALID_RESPONSE when it is not a readable time.
	 */
	public static function timestamp( $text, string $id ): int {
		$time = is_string( $text ) ? strtotime( $text ) : false;
		if ( false === $time ) {
			// phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain text for logs and JSON; escaped where shown as HTML.
			throw new HttpError( HttpError::INVALID_RESPONSE, sprintf( 'Unexpected response from the provider: event %s has no readable time.', $id ) );
		}
		return $time;
	}

	/**
	 * A provider's zone name (IANA, a legacy alias, or a Windows id) as a canonical IANA name, or
	 * UTC for anything else (Graph's "tzone://Microsoft/Custom", empty, unknown).
	 *
	 * @param mixed $zone Zone from the provider.
	 */
	public static function zone( $zone ): string {
		return TimeZones::shared()->from_provider( $zone ) ?? 'UTC';
	}

	/**
	 * An export request description.
	 *
	 * @param string     $method HTTP method.
	 * @param string     $path   Path below the API base.
	 * @param array|null $json   Body.
	 * @param array|null $shape  Expected response shape (null: no body expected).
	 * @return array{method: string, path: string, json: ?array, shape: ?array}
	 */
	public static function request( string $method, string $path, ?array $json, ?array $shape ): array {
		return array(
			'method' => $method,
			'path'   => $path,
			'json'   => $json,
			'shape'  => $shape,
		);
	}

	/**
	 * Google's start and end of a booking: { date } for an all-day one, else { dateTime, timeZone }.
	 * The other key is sent as null, so that a PATCH switching kinds clears it (Google merges
	 * objects on PATCH and refuses a start holding both).
	 *
	 * @param array $shared Booking fields.
	 * @return array{start: array, end: array}
	 */
	public static function google_span( array $shared ): array {
		$span = array();
		foreach ( array( 'start' => 'starts_at', 'end' => 'ends_at' ) as $key => $column ) {
			$span[ $key ] = empty( $shared['all_day'] )
				? self::rfc3339( $shared[ $column ], $shared['timezone'] ) + array( 'date' => null )
				: array(
					'date'     => AllDay::date( $shared[ $column ], $shared['timezone'] ),
					'dateTime' => null,
				);
		}
		return $span;
	}

	/**
	 * Graph's start, end and isAllDay of a booking. An all-day one runs midnight to midnight in
	 * the Windows zone of the booking's zone (UTC where there is none), as Graph requires.
	 *
	 * @param array $shared Booking fields.
	 * @return array{start: array, end: array, isAllDay: bool}
	 */
	public static function graph_span( array $shared ): array {
		if ( empty( $shared['all_day'] ) ) {
			return array(
				'start'    => self::graph( $shared['starts_at'], $shared['timezone'] ),
				'end'      => self::graph( $shared['ends_at'], $shared['timezone'] ),
				'isAllDay' => false,
			);
		}
		$windows = TimeZones::shared()->windows_id_at( $shared['timezone'], $shared['starts_at'] ) ?? TimeZones::UTC_WINDOWS;
		$day     = static fn( int $time ): array => array(
			'dateTime' => AllDay::date( $time, $shared['timezone'] ) . 'T00:00:00',
			'timeZone' => $windows,
		);
		return array(
			'start'    => $day( $shared['starts_at'] ),
			'end'      => $day( $shared['ends_at'] ),
			'isAllDay' => true,
		);
	}

	/**
	 * Google's { dateTime (RFC 3339 with offset), timeZone }.
	 *
	 * @param int    $time     Unix time.
	 * @param string $timezone IANA zone.
	 * @return array{dateTime: string, timeZone: string}
	 */
	public static function rfc3339( int $time, string $timezone ): array {
		return array(
			'dateTime' => ( new \DateTimeImmutable( '@' . $time ) )->setTimezone( new \DateTimeZone( $timezone ) )->format( DATE_RFC3339 ),
			'timeZone' => $timezone,
		);
	}

	/**
	 * Graph's { dateTime (local, no offset), timeZone } with the booking zone's Windows id: Graph
	 * accepts every Windows id but only a short list of IANA names (400 TimeZoneNotSupportedException
	 * otherwise). The wall time is computed in the Windows id's own zone, so Graph reads back the
	 * same instant; where no Windows zone agrees with the booking's zone then, it is sent in UTC.
	 *
	 * @param int    $time     Unix time.
	 * @param string $timezone IANA zone.
	 * @return array{dateTime: string, timeZone: string}
	 */
	public static function graph( int $time, string $timezone ): array {
		$zones   = TimeZones::shared();
		$windows = $zones->windows_id_at( $timezone, $time );
		$local   = null === $windows ? 'UTC' : (string) $zones->iana_for_windows( $windows );
		return array(
			'dateTime' => ( new \DateTimeImmutable( '@' . $time ) )->setTimezone( new \DateTimeZone( $local ) )->format( 'Y-m-d\TH:i:s' ),
			'timeZone' => $windows ?? TimeZones::UTC_WINDOWS,
		);
	}

	/**
	 * The allowed customer details and notes as plain-text lines (empty when none are allowed).
	 *
	 * @param array $shared Allowed fields.
	 */
	public static function details( array $shared ): string {
		$labels = array(
			'customer_name'  => __( 'Customer', 'syncwarden' ),
			'customer_email' => __( 'E-mail', 'syncwarden' ),
			'customer_phone' => __( 'Phone', 'syncwarden' ),
			'notes'          => __( 'Notes', 'syncwarden' ),
		);
		$lines = array();
		foreach ( $labels as $field => $label ) {
			if ( isset( $shared[ $field ] ) && '' !== $shared[ $field ] ) {
				$lines[] = $label . ': ' . $shared[ $field ];
			}
		}
		return implode( "\n", $lines );
	}

	/**
	 * "Ada King Lovelace" → [ "Ada King", "Lovelace" ].
	 *
	 * @param string $name Full name.
	 * @return array{0: string, 1: string}
	 */
	public static function split_name( string $name ): array {
		$parts = preg_split( '/\s+/', trim( $name ) );
		$last  = count( $parts ) > 1 ? (string) array_pop( $parts ) : '';
		return array( implode( ' ', array_filter( $parts ) ), $last );
	}
}
