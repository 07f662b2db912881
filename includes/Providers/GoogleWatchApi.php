<?php
/**
 * Google Calendar push channels (events.watch), described.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Providers;

defined( 'ABSPATH' ) || exit;

/**
 * A channel is created with an id and a token SyncWarden chooses; Google repeats both, with the
 * resource id and state, in headers of every notification. Channels expire and cannot be
 * extended: renewing means a new channel, then stopping the old one.
 */
final class GoogleWatchApi {

	/** Channel lifetime SyncWarden asks for (Google may grant less). */
	public const TTL = 7 * DAY_IN_SECONDS;

	/** X-Goog-Resource-State values; `sync` only announces a new channel. */
	public const STATES = array( 'sync', 'exists', 'not_exists' );

	/**
	 * Watches the primary calendar's events of the types the import lists (events.watch takes
	 * events.list's `eventTypes`): other types would only wake a sync that finds nothing.
	 *
	 * @param string $channel_id Channel id (ours, unique).
	 * @param string $address    Endpoint.
	 * @param string $token      Channel token (ours, secret).
	 * @return array{method: string, path: string, json: array, shape: array}
	 */
	public static function watch( string $channel_id, string $address, string $token ): array {
		return BookingFormat::request(
			'POST',
			'/calendar/v3/calendars/primary/events/watch?eventTypes=' . GoogleProvider::EVENT_TYPES,
			array(
				'id'      => $channel_id,
				'type'    => 'web_hook',
				'address' => $address,
				'token'   => $token,
				'params'  => array( 'ttl' => (string) self::TTL ),
			),
			array(
				'id'         => 'string',
				'resourceId' => 'string',
				'expiration' => '?int',
			)
		);
	}

	/**
	 * Stops a channel.
	 *
	 * @param string $channel_id  Channel id.
	 * @param string $resource_id Resource id Google gave the channel.
	 * @return array{method: string, path: string, json: array, shape: null}
	 */
	public static function stop( string $channel_id, string $resource_id ): array {
		return BookingFormat::request(
			'POST',
			'/calendar/v3/channels/stop',
			array(
				'id'         => $channel_id,
				'resourceId' => $resource_id,
			),
			null
		);
	}

	/**
	 * When a channel expires (Google answers in milliseconds), or null when it did not say.
	 *
	 * @param array $response Shaped watch response.
	 */
	public static function expires_at( array $response ): ?int {
		return isset( $response['expiration'] ) ? intdiv( (int) $response['expiration'], 1000 ) : null;
	}
}
