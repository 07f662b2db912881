<?php

namespace SyncWarden\Tests\Harness;

/**
 * Security harness: what script data an admin screen hands to the browser.
 *
 * After a screen's `admin_enqueue_scripts` ran, walks every enqueued script and its dependencies and
 * collects their inline data (wp_localize_script() objects and wp_add_inline_script() code).
 * Only the allowlisted core setup may carry inline data, SyncWarden's own scripts may carry none,
 * and no inline data anywhere may contain a secret-looking key.
 */
final class PageData {

	/**
	 * Inline data that may reach the page: handle => the data kinds it may carry, and why.
	 * Core's api-fetch setup delivers the REST root and nonce; i18n/date/etc. carry locale data.
	 */
	public const ALLOWLIST = array(
		'wp-api-fetch' => array( 'after' ), // REST root URL + wp_rest nonce middleware (core).
		'wp-i18n'      => array( 'after' ), // Locale direction data (core).
		'wp-date'      => array( 'after' ), // Site locale, timezone and formats (core).
		'react'        => array( 'after' ), // Core's React shim setup (6.6+).
		'lodash'       => array( 'after' ), // lodash.noConflict() (core).
		'wp-polyfill'  => array( 'after' ), // Core polyfill loader.
		'moment'       => array( 'after' ), // Locale setup (core).
		'utils'        => array( 'data' ),  // userSettings: cookie path and uid (core).
		'wp-data'      => array( 'after' ), // Persistence preferences (core).
		'wp-preferences' => array( 'after' ), // Persistence preferences (core).
		'wp-components' => array( 'after' ), // Core setup.
		'heartbeat'     => array( 'data' ),  // heartbeatSettings: admin-ajax URL and heartbeat nonce (core).
		'wp-core-commands' => array( 'after' ), // Command palette (6.9+): the admin menu's labels and URLs (core).
	);

	/**
	 * Keys and words that must never appear in data handed to a page.
	 */
	public const SECRET_PATTERN = '/(secret|token|passw(or)?d|api[_-]?key|private[_-]?key|bearer|authorization|client[_-]?id|signing|credential|refresh)/i';

	/**
	 * Inline data per enqueued handle: handle => kind => string.
	 *
	 * @return array<string, array<string, string>>
	 */
	public static function collect(): array {
		$scripts = wp_scripts();
		$collected = array();
		foreach ( self::with_dependencies( $scripts->queue ) as $handle ) {
			$registered = $scripts->registered[ $handle ] ?? null;
			if ( ! $registered ) {
				continue;
			}
			foreach ( array( 'data', 'before', 'after' ) as $kind ) {
				$value = $registered->extra[ $kind ] ?? null;
				$text  = is_array( $value ) ? implode( "\n", array_filter( $value, 'is_string' ) ) : (string) $value;
				if ( '' !== trim( $text ) ) {
					$collected[ $handle ][ $kind ] = $text;
				}
			}
		}
		return $collected;
	}

	/**
	 * Rule breaks in collected data; empty means the page is clean.
	 *
	 * @param array<string, array<string, string>> $collected From collect().
	 * @return string[]
	 */
	public static function violations( array $collected ): array {
		$violations = array();
		foreach ( $collected as $handle => $kinds ) {
			foreach ( $kinds as $kind => $text ) {
				if ( str_starts_with( $handle, 'syncwarden' ) ) {
					$violations[] = "SyncWarden script $handle carries inline $kind data; the app must read everything through REST";
				} elseif ( ! in_array( $kind, self::ALLOWLIST[ $handle ] ?? array(), true ) ) {
					$violations[] = "$handle carries inline $kind data that is not on the allowlist";
				}
				if ( preg_match( self::SECRET_PATTERN, $text, $match ) ) {
					$violations[] = "$handle inline $kind data contains the secret-looking word \"{$match[0]}\"";
				}
			}
		}
		return $violations;
	}

	/**
	 * Handles plus all their dependencies, depth first.
	 *
	 * @param string[] $handles Enqueued handles.
	 * @return string[]
	 */
	private static function with_dependencies( array $handles ): array {
		$scripts = wp_scripts();
		$seen    = array();
		$stack   = $handles;
		while ( $stack ) {
			$handle = array_pop( $stack );
			if ( isset( $seen[ $handle ] ) ) {
				continue;
			}
			$seen[ $handle ] = true;
			$stack           = array_merge( $stack, $scripts->registered[ $handle ]->deps ?? array() );
		}
		return array_keys( $seen );
	}
}
