<?php
/**
 * Calendly.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Providers;

use SyncWarden\Http\HttpError;
use SyncWarden\Http\ClientAuthentication;

defined( 'ABSPATH' ) || exit;

/**
 * Calendly refresh tokens are single-use and rotate: the token service saves the new one before
 * anything else may use it.
 */
final class CalendlyProvider implements CalendarSource {

	use StandardOAuth;

	public function id(): string {
		return 'calendly';
	}

	public function label(): string {
		return __( 'Calendly', 'syncwarden' );
	}

	public function console_url(): string {
		return 'https://developer.calendly.com/create-a-developer-account';
	}

	public function default_endpoints(): array {
		return array(
			'authorize' => 'https://auth.calendly.com/oauth/authorize',
			'token'     => 'https://auth.calendly.com/oauth/token',
			'revoke'    => 'https://auth.calendly.com/oauth/revoke',
			'api_base'  => 'https://api.calendly.com',
		);
	}

	public function feature_scopes(): array {
		// Webhook subscriptions deliver bookings within seconds (CalendlyWebhookApi); polling stays the safety net.
		return array( 'import' => array( 'scheduled_events:read', CalendlyWebhookApi::SCOPE ) );
	}

	public function base_scopes(): array {
		return array( 'users:read' );
	}

	public function authorize_params(): array {
		return array();
	}

	public function test_request(): array {
		return array(
			'path'  => '/users/me',
			'shape' => array(
				'resource' => array(
					'uri'                  => 'string',
					'email'                => 'string',
					'name'                 => '?string',
					'current_organization' => '?string',
				),
			),
		);
	}

	public function account_label( array $data ): string {
		return $data['resource']['email'];
	}

	public function account_ref( array $data ): string {
		return $data['resource']['uri']; // Listings and webhook subscriptions are scoped by user URI.
	}

	/**
	 * Calendly has no change feed: each run lists the scheduled events of the import window
	 * (cancelled ones included) and relies on the keyed upsert to touch only what changed;
	 * webhooks deliver changes in between. Both bounds are sent so a busy account is never
	 * listed from a month ago to the end of time; a page token is sent with the same bounds,
	 * as Calendly's own `next_page` links carry them.
	 *
	 * @param string|null $sync_token Unused: there is no cursor.
	 * @param string|null $page_token Next page.
	 * @param string      $account_ref User URI.
	 * @param array|null  $window      Span of the listing (Sync\ImportCursor gives the current one each run).
	 */
	public function import_request( ?string $sync_token, ?string $page_token, string $account_ref, ?array $window = null ): array {
		$window = ImportWindow::or_default( $window );
		$query  = array(
			'user'           => $account_ref,
			'min_start_time' => ImportWindow::utc( $window['start'] ),
			'max_start_time' => ImportWindow::utc( $window['end'] ),
			'count'          => '100',
			'sort'           => 'start_time:asc',
		);
		if ( null !== $page_token ) {
			$query['page_token'] = $page_token;
		}
		return array(
			'path'  => '/scheduled_events?' . http_build_query( $query, '', '&', PHP_QUERY_RFC3986 ),
			'shape' => array(
				'collection' => array(
					array(
						'uri'        => 'string',
						'name'       => '?string',
						'status'     => 'string',
						'start_time' => 'string',
						'end_time'   => 'string',
					),
				),
				'pagination' => array( 'next_page_token' => '?string' ),
			),
		);
	}

	public function removal_check( string $external_id ): ?array {
		return null; // Listings carry cancelled events with status "canceled".
	}

	public function import_page( array $data ): array {
		$events = array();
		foreach ( $data['collection'] as $item ) {
			$events[] = self::event( $item );
		}
		return array(
			'events'     => $events,
			'next_page'  => $data['pagination']['next_page_token'] ?? null,
			'sync_token' => null,
		);
	}

	/**
	 * The booking fields of a scheduled event (also what a webhook's `scheduled_event` holds).
	 *
	 * @param array $item Scheduled event: uri, name, status, start_time, end_time.
	 * @return array Normalised event.
	 * @throws HttpError INVALID_RESPONSE for an unreadable item.
	 */
	public static function event( array $item ): array {
		$id = self::event_id( (string) $item['uri'] );
		if ( 'canceled' === $item['status'] ) {
			return array(
				'external_id' => $id,
				'status'      => 'cancelled',
			);
		}
		return array(
			'external_id' => $id,
			'status'      => 'confirmed',
			'title'       => $item['name'] ?? __( 'Calendly booking', 'syncwarden' ),
			'starts_at'   => BookingFormat::timestamp( $item['start_time'], $id ),
			'ends_at'     => BookingFormat::timestamp( $item['end_time'], $id ),
			'timezone'    => 'UTC',
		);
	}

	/**
	 * The scheduled event's UUID: the last segment of its URI, the same for polling and webhooks.
	 *
	 * @param string $uri Scheduled event URI.
	 * @throws HttpError INVALID_RESPONSE when it is not an event URI.
	 */
	public static function event_id( string $uri ): string {
		if ( ! preg_match( '~/scheduled_events/([A-Za-z0-9-]{1,64})$~', $uri, $match ) ) {
			// phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain text for logs and JSON; escaped where shown as HTML.
			throw new HttpError( HttpError::INVALID_RESPONSE, 'Unexpected response from the provider: a scheduled event without a readable URI.' );
		}
		return $match[1];
	}

	/**
	 * Calendly's token endpoint takes web clients' id and secret only as HTTP Basic; its revoke
	 * endpoint takes them in the form body.
	 *
	 * @param string $endpoint `token` or `revoke`.
	 */
	public function client_authentication( string $endpoint ): string {
		return 'token' === $endpoint ? ClientAuthentication::BASIC : ClientAuthentication::POST;
	}

	public function supports_revocation(): bool {
		return true;
	}

	public function revocation_ends_account_grant(): bool {
		return false; // Each authorization is its own grant with its own refresh token.
	}

	public function disconnect_advice(): string {
		return __( 'Calendly revoked the token; the app no longer has access to your Calendly account.', 'syncwarden' );
	}
}
