<?php
/**
 * Microsoft Outlook through Microsoft Graph.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Providers;

use SyncWarden\Time\AllDay;
use SyncWarden\Time\TimeZones;

defined( 'ABSPATH' ) || exit;

/**
 * Microsoft has no token revocation endpoint: disconnecting wipes the tokens here and tells the
 * administrator where to remove the app's consent.
 */
final class MicrosoftProvider implements CalendarSource, ExportTarget {

	use StandardOAuth;

	private const PAGE_SIZE = 50;

	public function id(): string {
		return 'microsoft';
	}

	public function label(): string {
		return __( 'Microsoft Outlook', 'syncwarden' );
	}

	public function console_url(): string {
		return 'https://entra.microsoft.com/#view/Microsoft_AAD_RegisteredApps/ApplicationsListBlade';
	}

	public function default_endpoints(): array {
		return array(
			'authorize' => 'https://login.microsoftonline.com/common/oauth2/v2.0/authorize',
			'token'     => 'https://login.microsoftonline.com/common/oauth2/v2.0/token',
			'api_base'  => 'https://graph.microsoft.com',
		);
	}

	public function feature_scopes(): array {
		return array(
			'import' => array( 'Calendars.Read' ),
			'export' => array( 'Calendars.ReadWrite' ),
		);
	}

	public function base_scopes(): array {
		return array( 'offline_access', 'User.Read' );
	}

	public function authorize_params(): array {
		return array( 'response_mode' => 'query' );
	}

	public function test_request(): array {
		return array(
			'path'  => '/v1.0/me',
			'shape' => array(
				'userPrincipalName' => 'string',
				'displayName'       => '?string',
			),
		);
	}

	public function account_label( array $data ): string {
		return $data['userPrincipalName'];
	}

	public function account_ref( array $data ): string {
		return ''; // Graph's /me needs no id.
	}

	public function sharable_fields(): array {
		return BookingFormat::CALENDAR_FIELDS;
	}

	public function map_booking( array $shared ): array {
		$body = array(
			'subject'       => $shared['title'] ?? __( 'Booking', 'syncwarden' ),
		) + BookingFormat::graph_span( $shared ) + array(
			// Graph de-duplicates creates that carry the same transactionId: ours carries the
			// installation's id, or a site sharing the calendar would get our event back.
			'transactionId' => 'syncwarden-' . $shared['export_key'],
		);
		if ( isset( $shared['status'] ) && 'cancelled' !== $shared['status'] ) {
			// Sent both ways, so that a PATCH of a confirmed booking ends an earlier tentative.
			$body['showAs'] = 'tentative' === $shared['status'] ? 'tentative' : 'busy';
		}
		$description = BookingFormat::details( $shared );
		if ( '' !== $description ) {
			$body['body'] = array(
				'contentType' => 'text',
				'content'     => $description,
			);
		}
		return $body;
	}

	public function export_request( string $operation, array $payload, ?string $external_id ): ?array {
		return match ( $operation ) {
			'create' => BookingFormat::request( 'POST', '/v1.0/me/events', $payload, array( 'id' => 'string' ) ),
			'update' => BookingFormat::request( 'PATCH', '/v1.0/me/events/' . rawurlencode( (string) $external_id ), $payload, array( 'id' => 'string' ) ),
			default  => BookingFormat::request( 'DELETE', '/v1.0/me/events/' . rawurlencode( (string) $external_id ), null, null ),
		};
	}

	public function exported_id( array $response ): string {
		return $response['id'];
	}

	public function find_exported( int $booking_id, array $payload ): ?array {
		return null; // Graph returns the first event again for a repeated transactionId.
	}

	/**
	 * Graph's calendarView delta: a round without a cursor lists the window page by page via
	 * `@odata.nextLink`; its last page's `@odata.deltaLink` is the cursor for the next round,
	 * which returns only changes, removals as `@removed`. The delta cannot `$select`, so every
	 * event carries its whole HTML body: 50 a page (Prefer: odata.maxpagesize) under a 6 MiB cap.
	 *
	 * @param string|null $sync_token  Delta link of the last complete round.
	 * @param string|null $page_token  Next link of this round.
	 * @param string      $account_ref Unused: /me.
	 * @param array|null  $window      Span of a round without a cursor.
	 */
	public function import_request( ?string $sync_token, ?string $page_token, string $account_ref, ?array $window = null ): array {
		$path = $page_token ?? $sync_token;
		if ( null === $path ) {
			$window = ImportWindow::or_default( $window );
			$path   = '/v1.0/me/calendarView/delta?' . http_build_query(
				array(
					'startDateTime' => ImportWindow::utc( $window['start'] ),
					'endDateTime'   => ImportWindow::utc( $window['end'] ),
				),
				'',
				'&',
				PHP_QUERY_RFC3986
			);
		}
		return array(
			'path'      => $path,
			// UTC explicitly, whatever the mailbox's zone: instants are read as UTC, and each event's
			// own zone comes from originalStartTimeZone (a Windows name).
			'headers'   => array( 'Prefer' => 'odata.maxpagesize=' . self::PAGE_SIZE . ', outlook.timezone="UTC"' ),
			'max_bytes' => self::IMPORT_MAX_BYTES,
			'shape'     => array(
				'value'            => array(
					array(
						'id'          => 'string',
						'@removed'    => '?array',
						'isCancelled' => '?bool',
						'subject'     => '?string',
						'start'       => '?array',
						'end'         => '?array',
						'originalStartTimeZone' => '?string',
						'isAllDay'    => '?bool',
					),
				),
				'@odata.nextLink'  => '?string',
				'@odata.deltaLink' => '?string',
			),
		);
	}

	/**
	 * Graph reports with the same `@removed` (reason "deleted") an event deleted inside the window
	 * and one that moved or was created outside it: only the event itself tells them apart.
	 *
	 * @param string $external_id Event id.
	 */
	public function removal_check( string $external_id ): ?array {
		return array(
			// Only what the check reads: an event's HTML body alone can pass the 1 MiB response cap.
			'path'  => '/v1.0/me/events/' . rawurlencode( $external_id ) . '?$select=id,isCancelled',
			'shape' => array(
				'id'          => 'string',
				'isCancelled' => '?bool',
			),
		);
	}

	public function import_page( array $data ): array {
		$events = array();
		foreach ( $data['value'] as $item ) {
			if ( isset( $item['@removed'] ) || ! empty( $item['isCancelled'] ) ) {
				$events[] = array(
					'external_id' => $item['id'],
					'status'      => 'cancelled',
					'removed'     => isset( $item['@removed'] ),
				);
				continue;
			}
			$zone     = self::zone( $item );
			$starts   = BookingFormat::graph_time( $item['start'] ?? null, $item['id'] );
			$ends     = BookingFormat::graph_time( $item['end'] ?? null, $item['id'] );
			$all_day  = ! empty( $item['isAllDay'] );
			$events[] = array(
				'external_id' => $item['id'],
				'status'      => 'confirmed',
				'title'       => $item['subject'] ?? __( '(no title)', 'syncwarden' ),
				// An all-day event comes rendered in the zone asked for (UTC): its dates are those of its own zone.
				'starts_at'   => $all_day ? AllDay::midnight( AllDay::date( $starts, $zone ), $zone ) : $starts,
				'ends_at'     => $all_day ? AllDay::midnight( AllDay::date( $ends, $zone ), $zone ) : $ends,
				'timezone'    => $zone,
				'all_day'     => $all_day,
			);
		}
		return array(
			'events'     => $events,
			'next_page'  => $data['@odata.nextLink'] ?? null,
			'sync_token' => $data['@odata.deltaLink'] ?? null,
		);
	}

	/**
	 * The event's own zone: originalStartTimeZone (a Windows name, usually) as IANA; for a custom
	 * zone ("tzone://Microsoft/Custom") or none, the zone its start was rendered in.
	 *
	 * @param array $item Event.
	 */
	private static function zone( array $item ): string {
		$zones = TimeZones::shared();
		return $zones->from_provider( $item['originalStartTimeZone'] ?? null ) ?? BookingFormat::zone( $item['start']['timeZone'] ?? null );
	}

	/**
	 * Query parameters in redirect URIs are allowed only for apps that sign in work or school
	 * accounts alone; the `common` endpoint SyncWarden uses takes personal accounts too
	 * (learn.microsoft.com/entra/identity-platform/reply-url, "Query parameter support").
	 */
	public function accepts_query_in_redirect_uri(): ?bool {
		return false;
	}

	/**
	 * The identity platform's token response omits `offline_access` (the refresh token is the
	 * proof), adds `openid profile email`, and may name Graph scopes with their resource prefix;
	 * scopes are case-insensitive (learn.microsoft.com/entra/identity-platform/scopes-oidc).
	 *
	 * @param string[] $requested Scopes asked for.
	 * @param string[] $granted   Scopes granted.
	 * @return array{missing: string[], extra: string[]}
	 */
	public function compare_scopes( array $requested, array $granted ): array {
		$key = static fn( string $scope ): string => strtolower( (string) preg_replace( '~^https://graph\.microsoft\.com/~i', '', $scope ) );
		return ScopeComparison::compare( $requested, $granted, $key, array( 'offline_access' ), array( 'openid', 'profile', 'email' ) );
	}

	public function supports_revocation(): bool {
		return false;
	}

	public function revocation_ends_account_grant(): bool {
		return false; // No revocation endpoint at all (see supports_revocation).
	}

	public function disconnect_advice(): string {
		return __( 'Microsoft offers no way for apps to revoke their own tokens. The tokens were deleted here; to remove SyncWarden’s consent, open https://myapplications.microsoft.com (work or school) or https://account.live.com/consent/Manage (personal) and remove the app.', 'syncwarden' );
	}
}
