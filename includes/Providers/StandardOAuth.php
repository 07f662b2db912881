<?php
/**
 * Behaviour shared by providers with one fixed set of hosts and space-separated scopes.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Providers;

use SyncWarden\Http\ClientAuthentication;

defined( 'ABSPATH' ) || exit;

/**
 * Shared by every provider except Zoho, whose hosts depend on the account's data centre.
 */
trait StandardOAuth {

	/**
	 * The configured token endpoint, whatever the callback says.
	 *
	 * @param array<string, string> $endpoints Resolved endpoints.
	 * @param array<string, string> $callback  Callback query parameters.
	 */
	public function token_endpoint( array $endpoints, array $callback ): string {
		return $endpoints['token'];
	}

	/**
	 * The configured API base.
	 *
	 * @param array<string, string> $endpoints      Resolved endpoints.
	 * @param array<string, mixed>  $token_response Normalised token response.
	 */
	public function api_base( array $endpoints, array $token_response ): string {
		return $endpoints['api_base'];
	}

	/**
	 * Client id and secret in the form body (Google, Microsoft and HubSpot document this).
	 *
	 * @param string $endpoint `token` or `revoke`.
	 */
	public function client_authentication( string $endpoint ): string {
		return ClientAuthentication::POST;
	}

	/**
	 * The `scope` parameter value.
	 *
	 * @param string[] $scopes Scopes.
	 */
	public function format_scopes( array $scopes ): string {
		return implode( ' ', $scopes );
	}
}
