<?php
/**
 * Requested versus granted scopes, in the forms a provider really answers with.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Providers;

defined( 'ABSPATH' ) || exit;

/**
 * A token response lists scopes in the provider's own spelling: Microsoft leaves out
 * `offline_access`, adds `openid profile email` and may qualify Graph scopes with their resource
 * (`https://graph.microsoft.com/Calendars.Read`), all case-insensitively; Google writes `email`
 * and `profile` as full userinfo URLs. Comparing raw strings would call working features
 * disabled and warn about access nobody asked for, so each provider compares by its own key.
 */
final class ScopeComparison {

	/**
	 * The scopes a token answer says were granted — `scope` as a space (or comma) separated string,
	 * or HubSpot's `scopes` array — or null when it says nothing (then what was asked for stands).
	 *
	 * @param array $response Shaped token answer.
	 * @return string[]|null
	 */
	public static function granted( array $response ): ?array {
		if ( isset( $response['scope'] ) ) {
			return array_values( array_filter( (array) preg_split( '/[\s,]+/', $response['scope'] ) ) );
		}
		if ( isset( $response['scopes'] ) ) {
			return array_values( array_filter( $response['scopes'], static fn( $scope ): bool => is_string( $scope ) && '' !== $scope ) );
		}
		return null;
	}

	/**
	 * Missing and extra scopes.
	 *
	 * @param string[]               $requested       Scopes asked for.
	 * @param string[]               $granted         Scopes the token response listed.
	 * @param callable(string):string $key            Canonical form of one scope.
	 * @param string[]               $never_listed    Requested scopes the provider never lists (keys).
	 * @param string[]               $always_added    Scopes the provider adds unasked (keys).
	 * @return array{missing: string[], extra: string[]}
	 */
	public static function compare( array $requested, array $granted, callable $key, array $never_listed = array(), array $always_added = array() ): array {
		$granted_keys   = array_map( $key, $granted );
		$requested_keys = array_map( $key, $requested );
		$missing        = array_filter( $requested, static fn( $scope ) => ! in_array( $key( $scope ), array_merge( $granted_keys, $never_listed ), true ) );
		$extra          = array_filter( $granted, static fn( $scope ) => ! in_array( $key( $scope ), array_merge( $requested_keys, $always_added ), true ) );
		return array(
			'missing' => array_values( $missing ),
			'extra'   => array_values( $extra ),
		);
	}

	/**
	 * Exact comparison, for providers that echo scopes as requested.
	 *
	 * @param string $scope Scope.
	 */
	public static function exact( string $scope ): string {
		return $scope;
	}
}
