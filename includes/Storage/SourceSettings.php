<?php
/**
 * Per-source settings: on/off and whether pending bookings are exported as tentative.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Storage;

defined( 'ABSPATH' ) || exit;

/**
 * One small autoloaded option (read on every request that loads a source). A detected plugin's
 * source is on unless switched off: a site owner who installs SyncWarden beside the booking
 * plugin gets its bookings exported without code.
 */
final class SourceSettings {

	public const OPTION = 'syncwarden_sources';

	/**
	 * A source's settings.
	 *
	 * @param string $source Source id.
	 * @return array{enabled: bool, tentative: bool}
	 */
	public function get( string $source ): array {
		$all = get_option( self::OPTION, array() );
		$one = is_array( $all ) && is_array( $all[ $source ] ?? null ) ? $all[ $source ] : array();
		return array(
			'enabled'   => (bool) ( $one['enabled'] ?? true ),
			'tentative' => (bool) ( $one['tentative'] ?? false ),
		);
	}

	/**
	 * Stores a source's settings.
	 *
	 * @param string $source   Source id.
	 * @param array  $settings enabled, tentative (booleans; missing ones keep their value).
	 * @return array{enabled: bool, tentative: bool}
	 */
	public function save( string $source, array $settings ): array {
		$all            = get_option( self::OPTION, array() );
		$all            = is_array( $all ) ? $all : array();
		$all[ $source ] = array_map( 'boolval', array_intersect_key( $settings, array_flip( array( 'enabled', 'tentative' ) ) ) ) + $this->get( $source );
		update_option( self::OPTION, $all, true );
		return $this->get( $source );
	}
}
