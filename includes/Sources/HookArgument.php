<?php
/**
 * Reading what a booking plugin's hook passed.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Sources;

defined( 'ABSPATH' ) || exit;

/**
 * Plugins pass their booking model (an object with a public or magic `id`), an array with `id`,
 * or the id itself. Sources take only the id from it and re-read the row: hook data can be
 * partial or stale, the row is what the plugin saved.
 */
final class HookArgument {

	/**
	 * The booking id in a hook argument, or null.
	 *
	 * @param mixed  $argument Model, array or id.
	 * @param string $key      The id's property name.
	 */
	public static function id( $argument, string $key = 'id' ): ?int {
		if ( is_object( $argument ) ) {
			// Eloquent-style models (FluentBooking, Amelia's entities) may only answer getKey()/getId().
			$argument = isset( $argument->{$key} ) ? $argument->{$key} : ( method_exists( $argument, 'getKey' ) ? $argument->getKey() : null );
		} elseif ( is_array( $argument ) ) {
			$argument = $argument[ $key ] ?? null;
		}
		return is_numeric( $argument ) && (int) $argument > 0 ? (int) $argument : null;
	}
}
