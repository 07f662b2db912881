<?php
/**
 * Google Calendar.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Providers;

defined( 'ABSPATH' ) || exit;

/**
 * Read-only events scope for import; the events scope only when exporting.
 */
final class GoogleProvider implements CalendarSource, ExportTarget {

	use StandardOAuth;

	/**
	 * The only event type that can be a booking; the listing and the push channel both ask for
	 * it, so a change to a working location or a birthday neither lists nor notifies.
	 */
	public const EVENT_TYPES = 'default';

	public function id(): string {
		return 'google';
	}

	public function label(): string {
		return __( 'Google Calendar', 'syncwarden' );
	}

	public function console_url(): string {
		return 'https://console.cloud.google.com/apis/credentials';
	}

	public function default_endpoints(): array {
		return array(
			'authorize' => 'https://accounts.google.com/o/oauth2/v2/auth',
			'token'     => 'https://oauth2.googleapis.com/token',
			'revoke'    => 'https://oauth2.googleapis.com/revoke',
			'api_base'  => 'https://www.googleapis.com',
			// RFC 9207: Google's authorization responses carry `iss`, its OpenID issuer identifier.
			'issuer'    => 'https://accounts.google.com',
		);
	}

	public function feature_scopes(): array {
		return array(
			'import' => array( 'https://www.googleapis.com/auth/calendar.events.readonly' ),
			'export' => array( 'https://www.googleapis.com/auth/calendar.events' ),
		);
	}

	public function base_scopes(): array {
		return array();
	}

	public function authorize_params(): array {
		// offline + consent: Google only returns a refresh token on a consented offline grant.
		return array(
			'access_type' => 'offline',
			'prompt'      => 'consent',
		);
	}

	public function test_request(): array {
		return array(
			'path'  => '/calendar/v3/calendars/primary/events?maxResults=1&fields=summary',
			'shape' => array( 'summary' => 'string' ),
		);
	}

	public function account_label( array $data ): string {
		return $data['summary'];
	}

	public function account_ref( array $data ): string {
		return ''; // Listings are of the primary calendar.
	}

	public function sharable_fields(): array {
		return BookingFormat::CALENDAR_FIELDS;
	}

	public function map_booking( array $shared ): array {
		$body = array(
			'summary'            => $shared['title'] ?? __( 'Booking', 'syncwarden' ),
		) + BookingFormat::google_span( $shared ) + array(
			// Our id (with the installation's, see Storage\InstallId), so a retried create can be
			// recognised (never an attendee: that would e-mail the customer).
			'extendedProperties' => array( 'private' => array( 'syncwarden_booking_id' => (string) $shared['export_key'] ) ),
		);
		if ( isset( $shared['status'] ) && 'cancelled' !== $shared['status'] ) {
			// Sent both ways, so that a PATCH of a confirmed booking ends an earlier tentative.
			$body['status'] = 'tentative' === $shared['status'] ? 'tentative' : 'confirmed';
		}
		$description = BookingFormat::details( $shared );
		if ( '' !== $description ) {
			$body['description'] = $description;
		}
		return $body;
	}

	public function export_request( string $operation, array $payload, ?string $external_id ): ?array {
		$events = '/calendar/v3/calendars/primary/events';
		return match ( $operation ) {
			'create' => BookingFormat::request( 'POST', $events, $payload, array( 'id' => 'string' ) ),
			'update' => BookingFormat::request( 'PATCH', $events . '/' . rawurlencode( (string) $external_id ), $payload, array( 'id' => 'string' ) ),
			default  => BookingFormat::request( 'DELETE', $events . '/' . rawurlencode( (string) $external_id ), null, null ),
		};
	}

	public function exported_id( array $response ): string {
		return $response['id'];
	}

	public function find_exported( int $booking_id, array $payload ): ?array {
		return array(
			'path'  => '/calendar/v3/calendars/primary/events?privateExtendedProperty=' . rawurlencode( 'syncwarden_booking_id=' . $payload['extendedProperties']['private']['syncwarden_booking_id'] ),
			'shape' => array( 'items' => array( array( 'id' => 'string' ) ) ),
			'id'    => static fn( array $found ): ?string => $found['items'][0]['id'] ?? null,
		);
	}

	/**
	 * events.list of the primary calendar. A listing without a cursor is bounded by the window
	 * (`timeMin` is compared with an event's end, `timeMax` with its start) and expands recurring
	 * series into their occurrences (`singleEvents`): a booking is one occurrence, and without the
	 * bound an endless series would expand without end. Only `default` events: working
	 * locations, out-of-office, focus time, birthdays and events from Gmail are no bookings.
	 * With `syncToken` Google refuses the window (400) and wants every other parameter as in
	 * the listing that gave the token, so singleEvents, eventTypes and maxResults stay.
	 *
	 * @param string|null $sync_token  nextSyncToken of the last complete listing.
	 * @param string|null $page_token  nextPageToken of this listing.
	 * @param string      $account_ref Unused: the primary calendar.
	 * @param array|null  $window      Span of a listing without a cursor.
	 */
	public function import_request( ?string $sync_token, ?string $page_token, string $account_ref, ?array $window = null ): array {
		$query = array(
			'singleEvents' => 'true',
			'eventTypes'   => self::EVENT_TYPES,
			'maxResults'   => '250',
		);
		if ( null !== $sync_token ) {
			$query['syncToken'] = $sync_token; // Only changes, cancelled ones included.
		} else {
			$window           = ImportWindow::or_default( $window );
			$query['timeMin'] = ImportWindow::utc( $window['start'] );
			$query['timeMax'] = ImportWindow::utc( $window['end'] );
		}
		if ( null !== $page_token ) {
			$query['pageToken'] = $page_token;
		}
		return array(
			'path'      => '/calendar/v3/calendars/primary/events?' . http_build_query( $query, '', '&', PHP_QUERY_RFC3986 ),
			'max_bytes' => self::IMPORT_MAX_BYTES,
			'shape'     => array(
				'items'         => array(
					array(
						'id'      => 'string',
						'status'  => '?string',
						'summary' => '?string',
						'start'   => '?array',
						'end'     => '?array',
					),
				),
				'nextPageToken' => '?string',
				'nextSyncToken' => '?string',
				'timeZone'      => '?string',
			),
		);
	}

	public function removal_check( string $external_id ): ?array {
		return null; // A cancelled item of an incremental listing is a deletion, wherever it lies.
	}

	/**
	 * Events of one events.list page. An event's own start.timeZone is optional for single events;
	 * without it the event is in the calendar's zone, the list's top-level timeZone.
	 *
	 * @param array $data Shaped response.
	 */
	public function import_page( array $data ): array {
		$calendar_zone = BookingFormat::zone( $data['timeZone'] ?? null );
		$events        = array();
		foreach ( $data['items'] as $item ) {
			if ( 'cancelled' === ( $item['status'] ?? '' ) ) {
				$events[] = array(
					'external_id' => $item['id'],
					'status'      => 'cancelled',
				);
				continue;
			}
			$zone     = isset( $item['start']['timeZone'] ) ? BookingFormat::zone( $item['start']['timeZone'] ) : $calendar_zone;
			$events[] = array(
				'external_id' => $item['id'],
				'status'      => 'confirmed',
				'title'       => $item['summary'] ?? __( '(no title)', 'syncwarden' ),
				'starts_at'   => BookingFormat::google_time( $item['start'] ?? null, $item['id'], $zone ),
				'ends_at'     => BookingFormat::google_time( $item['end'] ?? null, $item['id'], $zone ),
				'timezone'    => $zone,
				'all_day'     => isset( $item['start']['date'] ),
			);
		}
		return array(
			'events'     => $events,
			'next_page'  => $data['nextPageToken'] ?? null,
			'sync_token' => $data['nextSyncToken'] ?? null,
		);
	}

	/**
	 * Google writes the OpenID scopes `email` and `profile` as their userinfo URLs and may add
	 * `openid` with them (developers.google.com/identity/protocols/oauth2/scopes).
	 *
	 * @param string[] $requested Scopes asked for.
	 * @param string[] $granted   Scopes granted.
	 * @return array{missing: string[], extra: string[]}
	 */
	public function compare_scopes( array $requested, array $granted ): array {
		$aliases = array(
			'https://www.googleapis.com/auth/userinfo.email'   => 'email',
			'https://www.googleapis.com/auth/userinfo.profile' => 'profile',
		);
		$key     = static fn( string $scope ): string => $aliases[ $scope ] ?? $scope;
		return ScopeComparison::compare( $requested, $granted, $key, array(), array( 'openid', 'email', 'profile' ) );
	}

	public function supports_revocation(): bool {
		return true;
	}

	public function revocation_ends_account_grant(): bool {
		return true; // Google's revocation removes the app's access to the account: every token of it.
	}

	public function disconnect_advice(): string {
		return __( 'Google revoked SyncWarden’s access; it no longer appears under your Google Account → Security → Third-party access.', 'syncwarden' );
	}
}
