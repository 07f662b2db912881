<?php
/**
 * The only code path that builds what a provider receives about a booking.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Sync;

use SyncWarden\Providers\ExportTarget;
use SyncWarden\Providers\Provider;
use SyncWarden\Storage\InstallId;

defined( 'ABSPATH' ) || exit;

/**
 * Applies a connection's field allowlist (data minimisation), then lets the provider map the
 * remaining fields to its API. The Data sharing preview calls exactly this, so the preview cannot
 * drift from what is sent.
 */
final class PayloadBuilder {

	/**
	 * What a provider can receive: its own list, or nothing for one SyncWarden does not export to.
	 *
	 * @param Provider $provider Provider.
	 * @return array{required: string[], optional: string[]}
	 */
	public static function sharable_fields( Provider $provider ): array {
		return $provider instanceof ExportTarget ? $provider->sharable_fields() : array(
			'required' => array(),
			'optional' => array(),
		);
	}

	/**
	 * Builds a provider request body.
	 *
	 * @param ExportTarget $provider Provider.
	 * @param array        $booking  Stored booking.
	 * @param string[]     $allowed  Optional fields the administrator allowed for this connection.
	 * @return array
	 */
	public static function build( ExportTarget $provider, array $booking, array $allowed ): array {
		$fields = $provider->sharable_fields();
		// The status is no personal data: a calendar shows a tentative booking as tentative.
		$keep   = array_merge( array( 'id', 'status' ), $fields['required'], array_intersect( $allowed, $fields['optional'] ) );
		// The booking id alone is only unique on this site; a calendar may be shared by several.
		$shared = array_intersect_key( $booking, array_flip( $keep ) ) + array( 'export_key' => InstallId::scoped( (int) $booking['id'] ) );
		return $provider->map_booking( $shared );
	}

	/**
	 * Fields the provider declares required that this booking lacks (a calendar import carries no
	 * customer e-mail, which a CRM contact needs): such a booking is not sent to that provider.
	 *
	 * @param ExportTarget $provider Provider.
	 * @param array        $booking  Stored booking.
	 * @return string[] Field names.
	 */
	public static function missing( ExportTarget $provider, array $booking ): array {
		return array_values(
			array_filter(
				$provider->sharable_fields()['required'],
				// Absent, null or blank text; a flag such as all_day = false is a value.
				static fn( string $field ): bool => ! isset( $booking[ $field ] ) || ( is_string( $booking[ $field ] ) && '' === trim( $booking[ $field ] ) )
			)
		);
	}

	/**
	 * Why a booking lacking required fields was not sent, in words (names of fields, no values).
	 *
	 * @param Provider $provider Provider.
	 * @param string[] $missing  Field names from missing().
	 */
	public static function skip_reason( Provider $provider, array $missing ): string {
		$labels = array(
			'starts_at'      => __( 'start time', 'syncwarden' ),
			'ends_at'        => __( 'end time', 'syncwarden' ),
			'timezone'       => __( 'time zone', 'syncwarden' ),
			'customer_email' => __( 'customer e-mail address', 'syncwarden' ),
			'customer_name'  => __( 'customer name', 'syncwarden' ),
		);
		$names  = array_map( static fn( string $field ): string => $labels[ $field ] ?? $field, $missing );
		/* translators: 1: provider name, 2: list of booking details, e.g. "customer e-mail address" */
		return sprintf( __( 'Not sent to %1$s: this booking has no %2$s, which %1$s needs. Nothing will be retried; the booking is sent when it gets one.', 'syncwarden' ), $provider->label(), implode( ', ', $names ) );
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
