<?php
/**
 * Calendly webhook subscriptions and deliveries, described.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Providers;

use SyncWarden\Http\HttpError;
use SyncWarden\Http\JsonShape;

defined( 'ABSPATH' ) || exit;

/**
 * Requests and shapes only: Webhooks\PushSubscriptions sends them through the token service and
 * Webhooks\CalendlyWebhooks reads deliveries with them. A subscription is user-scoped, carries no
 * signing key of its own (deliveries are signed with the OAuth app's key), and covers invitees
 * created and cancelled.
 */
final class CalendlyWebhookApi {

	/** The scope creating and deleting webhook subscriptions needs (added to the import feature). */
	public const SCOPE = 'webhooks:write';

	public const EVENTS = array( 'invitee.created', 'invitee.canceled' );

	/** Subscription as Calendly returns it (unknown fields dropped). */
	private const SUBSCRIPTION_SHAPE = array(
		'uri'          => 'string',
		'callback_url' => 'string',
		'state'        => '?string',
	);

	/**
	 * The signed-in user and organization, which subscriptions are scoped by.
	 *
	 * @return array{method: string, path: string, json: null, shape: array}
	 */
	public static function current_user(): array {
		return BookingFormat::request(
			'GET',
			'/users/me',
			null,
			array(
				'resource' => array(
					'uri'                  => 'string',
					'current_organization' => 'string',
				),
			)
		);
	}

	/**
	 * Creates the subscription for one endpoint. No `signing_key` is sent: Calendly uses a
	 * subscription's own key only for personal access tokens, and signs an OAuth app's deliveries
	 * with the app's webhook signing key, so a key of our own would be a secret kept for nothing.
	 *
	 * @param string $url          Endpoint.
	 * @param string $organization Organization URI.
	 * @param string $user         User URI.
	 * @return array{method: string, path: string, json: array, shape: array}
	 */
	public static function create( string $url, string $organization, string $user ): array {
		return BookingFormat::request(
			'POST',
			'/webhook_subscriptions',
			array(
				'url'          => $url,
				'events'       => self::EVENTS,
				'organization' => $organization,
				'user'         => $user,
				'scope'        => 'user',
			),
			array( 'resource' => self::SUBSCRIPTION_SHAPE )
		);
	}

	/**
	 * The user's subscriptions (to find one whose endpoint already exists after a lost record).
	 *
	 * @param string $organization Organization URI.
	 * @param string $user         User URI.
	 * @return array{method: string, path: string, json: null, shape: array}
	 */
	public static function list( string $organization, string $user ): array {
		$query = http_build_query(
			array(
				'organization' => $organization,
				'user'         => $user,
				'scope'        => 'user',
				'count'        => '100',
			),
			'',
			'&',
			PHP_QUERY_RFC3986
		);
		return BookingFormat::request( 'GET', '/webhook_subscriptions?' . $query, null, array( 'collection' => array( self::SUBSCRIPTION_SHAPE ) ) );
	}

	/**
	 * One subscription (its state turns `disabled` when Calendly gave up delivering).
	 *
	 * @param string $uri Subscription URI.
	 * @return array{method: string, path: string, json: null, shape: array}
	 */
	public static function get( string $uri ): array {
		return BookingFormat::request( 'GET', '/webhook_subscriptions/' . rawurlencode( self::uuid( $uri ) ), null, array( 'resource' => self::SUBSCRIPTION_SHAPE ) );
	}

	/**
	 * Deletes a subscription.
	 *
	 * @param string $uri Subscription URI.
	 * @return array{method: string, path: string, json: null, shape: null}
	 */
	public static function delete( string $uri ): array {
		return BookingFormat::request( 'DELETE', '/webhook_subscriptions/' . rawurlencode( self::uuid( $uri ) ), null, null );
	}

	/**
	 * The subscription's UUID, the last segment of its URI.
	 *
	 * @param string $uri Subscription URI.
	 * @throws HttpError INVALID_RESPONSE for anything else.
	 */
	public static function uuid( string $uri ): string {
		if ( ! preg_match( '~/webhook_subscriptions/([A-Za-z0-9-]{1,64})$~', $uri, $match ) ) {
			// phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain text for logs and JSON; escaped where shown as HTML.
			throw new HttpError( HttpError::INVALID_RESPONSE, 'Unexpected response from the provider: a webhook subscription without a readable URI.' );
		}
		return $match[1];
	}

	/** The scheduled event a delivery embeds, as SyncWarden reads it. */
	private const SCHEDULED_EVENT_SHAPE = array(
		'uri'              => 'string',
		'name'             => '?string',
		'status'           => 'string',
		'start_time'       => 'string',
		'end_time'         => 'string',
		'invitees_counter' => '?array',
	);

	/**
	 * The part of a delivery SyncWarden reads. The scheduled event is read separately (event()):
	 * Calendly's sample deliveries embed it as `scheduled_event`, its OpenAPI `Invitee` names it
	 * only by URI (`event`), so a delivery without it must still be understood.
	 *
	 * @return array<string, mixed>
	 */
	public static function delivery_shape(): array {
		return array(
			'event'   => 'string',
			'payload' => array(
				'email'           => '?string',
				'name'            => '?string',
				'status'          => '?string',
				'scheduled_event' => '?array',
			),
		);
	}

	/**
	 * Whether a delivery of a subscribed event leaves the scheduled event to be fetched: it does
	 * not embed it, so nothing in the body can be applied and the polling import must look.
	 *
	 * @param array $delivery Delivery in delivery_shape().
	 */
	public static function needs_lookup( array $delivery ): bool {
		return in_array( $delivery['event'], self::EVENTS, true ) && ! isset( $delivery['payload']['scheduled_event'] );
	}

	/**
	 * The normalised event a delivery means, keyed by the scheduled event's UUID (the same id the
	 * polling import uses, so webhook and polling meet in one booking). A cancelled invitee
	 * cancels the booking when the scheduled event is cancelled or has no active invitee left;
	 * in a group event with others still coming it only refreshes the event.
	 *
	 * @param array $delivery Delivery in delivery_shape().
	 * @return array|null Event for Importer::apply(), or null for an event type we do not handle.
	 * @throws HttpError INVALID_RESPONSE when the scheduled event is missing or cannot be read.
	 */
	public static function event( array $delivery ): ?array {
		if ( ! in_array( $delivery['event'], self::EVENTS, true ) ) {
			return null;
		}
		$scheduled = JsonShape::apply( $delivery['payload']['scheduled_event'] ?? null, self::SCHEDULED_EVENT_SHAPE, 'delivery.payload.scheduled_event' );
		if ( 'invitee.canceled' === $delivery['event'] && 0 === (int) ( $scheduled['invitees_counter']['active'] ?? 0 ) ) {
			$scheduled['status'] = 'canceled';
		}
		$event = CalendlyProvider::event( $scheduled );
		if ( 'confirmed' === $event['status'] && 'invitee.created' === $delivery['event'] ) {
			$event['customer_name']  = (string) ( $delivery['payload']['name'] ?? '' );
			$event['customer_email'] = (string) ( $delivery['payload']['email'] ?? '' );
		}
		return $event;
	}
}
