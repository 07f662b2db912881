<?php
/**
 * Formatting shared by the providers' booking mappings.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Providers;

defined( 'ABSPATH' ) || exit;

/**
 * Times in the booking's own zone, customer lines for calendar descriptions, name splitting.
 */
final class BookingFormat {

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
	 * Graph's { dateTime (local, no offset), timeZone }.
	 *
	 * @param int    $time     Unix time.
	 * @param string $timezone IANA zone.
	 * @return array{dateTime: string, timeZone: string}
	 */
	public static function graph( int $time, string $timezone ): array {
		return array(
			'dateTime' => ( new \DateTimeImmutable( '@' . $time ) )->setTimezone( new \DateTimeZone( $timezone ) )->format( 'Y-m-d\TH:i:s' ),
			'timeZone' => $timezone,
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
