<?php
/**
 * Microsoft Graph change-notification subscriptions, described.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Providers;

defined( 'ABSPATH' ) || exit;

/**
 * A subscription on the signed-in user's events, with a clientState SyncWarden generates that
 * Graph repeats in every notification. Before creating it Graph POSTs a validationToken to the
 * endpoint, which must echo it as text/plain within 10 seconds. Subscriptions on Outlook events
 * live a few days and are renewed by PATCHing a new expirationDateTime.
 */
final class GraphSubscriptionApi {

	/** Lifetime asked for: 4,200 minutes, within the 10,080-minute maximum Graph allows for Outlook events and within the 4,230 minutes it allowed before. */
	public const LIFETIME = 4200 * MINUTE_IN_SECONDS;

	private const SUBSCRIPTION_SHAPE = array(
		'id'                 => 'string',
		'expirationDateTime' => 'string',
	);

	/**
	 * Creates the subscription.
	 *
	 * @param string $url          Notification URL (our endpoint).
	 * @param string $client_state Secret Graph repeats in notifications.
	 * @param int    $expires_at   Requested expiry (Unix time).
	 * @return array{method: string, path: string, json: array, shape: array}
	 */
	public static function create( string $url, string $client_state, int $expires_at ): array {
		return BookingFormat::request(
			'POST',
			'/v1.0/subscriptions',
			array(
				'changeType'                => 'created,updated,deleted',
				'notificationUrl'           => $url,
				'resource'                  => 'me/events',
				'expirationDateTime'        => self::time( $expires_at ),
				'clientState'               => $client_state,
				'latestSupportedTlsVersion' => 'v1_2',
			),
			self::SUBSCRIPTION_SHAPE
		);
	}

	/**
	 * Extends a subscription.
	 *
	 * @param string $id         Subscription id.
	 * @param int    $expires_at New expiry.
	 * @return array{method: string, path: string, json: array, shape: array}
	 */
	public static function renew( string $id, int $expires_at ): array {
		return BookingFormat::request( 'PATCH', '/v1.0/subscriptions/' . rawurlencode( $id ), array( 'expirationDateTime' => self::time( $expires_at ) ), self::SUBSCRIPTION_SHAPE );
	}

	/**
	 * Deletes a subscription.
	 *
	 * @param string $id Subscription id.
	 * @return array{method: string, path: string, json: null, shape: null}
	 */
	public static function delete( string $id ): array {
		return BookingFormat::request( 'DELETE', '/v1.0/subscriptions/' . rawurlencode( $id ), null, null );
	}

	/**
	 * The expiry Graph granted, as a Unix time.
	 *
	 * @param array $response Shaped subscription.
	 */
	public static function expires_at( array $response ): ?int {
		$time = strtotime( $response['expirationDateTime'] );
		return false === $time ? null : $time;
	}

	/**
	 * The part of a notification SyncWarden reads: which subscription and its clientState.
	 *
	 * @return array<string, mixed>
	 */
	public static function notification_shape(): array {
		return array(
			'value' => array(
				array(
					'subscriptionId' => 'string',
					'clientState'    => '?string',
					'changeType'     => '?string',
				),
			),
		);
	}

	/**
	 * Graph's date-time format.
	 *
	 * @param int $time Unix time.
	 */
	private static function time( int $time ): string {
		return gmdate( 'Y-m-d\TH:i:s\Z', $time );
	}
}
