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
	 * The configured endpoint: one set of hosts serves every account.
	 *
	 * @param string                $kind           `token` or `revoke`.
	 * @param array<string, string> $endpoints      Resolved endpoints.
	 * @param string                $token_endpoint Stored token endpoint (unused).
	 */
	public function connection_endpoint( string $kind, array $endpoints, string $token_endpoint ): string {
		return $endpoints[ $kind ];
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
	 * The configured API base; what is stored with the connection is not used.
	 *
	 * @param array<string, string> $endpoints Resolved endpoints.
	 * @param string                $stored    Stored API base (unused).
	 */
	public function connection_api_base( array $endpoints, string $stored ): string {
		return $endpoints['api_base'];
	}

	/**
	 * Google, HubSpot and Calendly document that the redirect URI must match the registered one,
	 * but not whether a registered URI may carry a query string (see the "Redirect URI with a
	 * query string" rows of docs/provider-conformance.md): not settled.
	 */
	public function accepts_query_in_redirect_uri(): ?bool {
		return null;
	}

	/**
	 * Scopes compared as the exact strings the provider echoes (HubSpot, Calendly).
	 *
	 * @param string[] $requested Scopes asked for.
	 * @param string[] $granted   Scopes granted.
	 * @return array{missing: string[], extra: string[]}
	 */
	public function compare_scopes( array $requested, array $granted ): array {
		return ScopeComparison::compare( $requested, $granted, array( ScopeComparison::class, 'exact' ) );
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

	/**
	 * RFC 7009: the body is not read.
	 */
	public function revocation_answer_shape(): ?array {
		return null;
	}

	/**
	 * RFC 7009: a 200 is the answer, whatever the body (usually empty).
	 *
	 * @param array $answer Decoded answer body.
	 */
	public function revocation_confirmed( array $answer ): bool {
		return true;
	}

	/**
	 * RFC 6750 bearer tokens.
	 */
	public function authorization_scheme(): string {
		return 'Bearer';
	}
}
