<?php
/**
 * The only code path that builds what a provider receives about a booking.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Sync;

use SyncWarden\Providers\Provider;

defined( 'ABSPATH' ) || exit;

/**
 * Applies a connection's field allowlist (data minimisation), then lets the provider map the
 * remaining fields to its API. The Data sharing preview calls exactly this, so the preview cannot
 * drift from what is sent.
 */
final class PayloadBuilder {

	/**
	 * Builds a provider request body.
	 *
	 * @param Provider $provider Provider.
	 * @param array    $booking  Stored booking.
	 * @param string[] $allowed  Optional fields the administrator allowed for this connection.
	 * @return array
	 */
	public static function build( Provider $provider, array $booking, array $allowed ): array {
		$fields = $provider->sharable_fields();
		$keep   = array_merge( array( 'id' ), $fields['required'], array_intersect( $allowed, $fields['optional'] ) );
		return $provider->map_booking( array_intersect_key( $booking, array_flip( $keep ) ) );
	}

	/**
	 * The fictitious booking every preview shows.
	 *
	 * @return array<string, mixed>
	 */
	public static function sample_booking(): array {
		$start = (int) strtotime( 'next monday 09:30', current_time( 'timestamp', true ) ); // phpcs:ignore WordPress.DateTime.CurrentTimeTimestamp
		return array(
			'id'             => 0,
			'title'          => __( 'Consultation with Ada', 'syncwarden' ),
			'starts_at'      => $start,
			'ends_at'        => $start + 45 * MINUTE_IN_SECONDS,
			'timezone'       => 'UTC',
			'all_day'        => false,
			'status'         => 'confirmed',
			'customer_name'  => 'Ada Lovelace',
			'customer_email' => 'ada@example.test',
			'customer_phone' => '+44 20 7946 0000',
			'notes'          => __( 'Prefers the window seat.', 'syncwarden' ),
		);
	}
}
