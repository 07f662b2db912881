<?php
/**
 * What SyncWarden knows about one external service.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Providers;

defined( 'ABSPATH' ) || exit;

/**
 * One implementation per provider. Providers describe a service — endpoints, scopes, the shape of
 * its answers — and hold no persistence and make no calls themselves. This interface is what every
 * provider is: an OAuth client with an account. What a provider can also do is a capability of
 * its own: CalendarSource (SyncWarden imports its events), ExportTarget (SyncWarden sends it
 * bookings).
 */
interface Provider {

	/**
	 * Stable identifier used in routes, constants and storage: google, microsoft, hubspot, zoho, calendly.
	 */
	public function id(): string;

	/**
	 * Human-readable name.
	 */
	public function label(): string;

	/**
	 * Where an administrator registers the OAuth app and finds its client id and secret.
	 */
	public function console_url(): string;

	/**
	 * Production endpoints: `authorize`, `token`, `revoke` (absent when the provider has none), `api_base`.
	 *
	 * @return array<string, string>
	 */
	public function default_endpoints(): array;

	/**
	 * Features an administrator can choose, each with the scopes it needs (minimal per feature).
	 *
	 * @return array<string, string[]>
	 */
	public function feature_scopes(): array;

	/**
	 * Scopes every connection needs (refresh tokens, the test call).
	 *
	 * @return string[]
	 */
	public function base_scopes(): array;

	/**
	 * Extra authorization request parameters (offline access, consent prompt...).
	 *
	 * @return array<string, string>
	 */
	public function authorize_params(): array;

	/**
	 * The `scope` request parameter for these scopes.
	 *
	 * @param string[] $scopes Scopes.
	 */
	public function format_scopes( array $scopes ): string;

	/**
	 * Token endpoint for this callback; Zoho's depends on the data centre the callback names.
	 *
	 * @param array<string, string> $endpoints Resolved endpoints.
	 * @param array<string, string> $callback  Callback query parameters.
	 * @throws \SyncWarden\Http\HttpError CONFIG when the callback names a host outside the allowlist.
	 */
	public function token_endpoint( array $endpoints, array $callback ): string;

	/**
	 * Where an existing connection refreshes (`token`) or is revoked (`revoke`), re-checked at
	 * every use: Zoho's are at the account's own data centre, the one its grant came from.
	 *
	 * @param string                $kind           `token` or `revoke`.
	 * @param array<string, string> $endpoints      Resolved endpoints.
	 * @param string                $token_endpoint The token endpoint stored with the connection.
	 * @throws \SyncWarden\Http\HttpError CONFIG when the stored data centre is not an allowed one.
	 */
	public function connection_endpoint( string $kind, array $endpoints, string $token_endpoint ): string;

	/**
	 * Hosts API calls may go to after the token exchange (Zoho: its allowlisted api_domain).
	 *
	 * @param array<string, string> $endpoints      Resolved endpoints.
	 * @param array<string, mixed>  $token_response Normalised token response.
	 * @return string API base URL.
	 * @throws \SyncWarden\Http\HttpError CONFIG for an api_domain outside the allowlist.
	 */
	public function api_base( array $endpoints, array $token_response ): string;

	/**
	 * Where an existing connection's API calls go, derived at every use rather than trusted as
	 * stored: the configured API base, or (Zoho) the stored data centre's API domain re-checked
	 * against the allowlist. A rewritten database row cannot send a bearer token elsewhere.
	 *
	 * @param array<string, string> $endpoints Resolved endpoints.
	 * @param string                $stored    The API base stored with the connection.
	 * @throws \SyncWarden\Http\HttpError CONFIG when the stored data centre is not an allowed one.
	 */
	public function connection_api_base( array $endpoints, string $stored ): string;

	/**
	 * The scheme of the Authorization header API calls carry the access token in: `Bearer`
	 * (RFC 6750) for most, `Zoho-oauthtoken` for Zoho CRM.
	 */
	public function authorization_scheme(): string;

	/**
	 * The cheap authenticated call that proves a connection works: path below the API base and
	 * the JSON shape it answers with.
	 *
	 * @return array{path: string, shape: array}
	 */
	public function test_request(): array;

	/**
	 * The account name to show, from the test call's answer.
	 *
	 * @param array $data Shaped test response.
	 */
	public function account_label( array $data ): string;

	/**
	 * The provider's id for the account, from the test call's answer, when API calls need it
	 * (Calendly listings are scoped by user URI); '' otherwise.
	 *
	 * @param array $data Shaped test response.
	 */
	public function account_ref( array $data ): string;

	/**
	 * Whether the provider accepts a redirect URI with a query string (a site on plain
	 * permalinks has `?rest_route=` in it): true where its documentation says it does, false
	 * where it says it refuses them, null where its documentation does not settle it (the
	 * Settings tab then warns that connecting may fail, rather than promise it works).
	 */
	public function accepts_query_in_redirect_uri(): ?bool;

	/**
	 * Which requested scopes the token response did not grant, and which it granted unasked,
	 * read in the forms this provider documents (see ScopeComparison).
	 *
	 * @param string[] $requested Scopes asked for.
	 * @param string[] $granted   Scopes the token response listed.
	 * @return array{missing: string[], extra: string[]}
	 */
	public function compare_scopes( array $requested, array $granted ): array;

	/**
	 * How the client authenticates at an endpoint, as the provider documents it:
	 * Http\ClientAuthentication::BASIC, ::POST, or ::NONE for an endpoint that takes the token alone.
	 *
	 * @param string $endpoint `token` (code exchange and refresh) or `revoke`.
	 */
	public function client_authentication( string $endpoint ): string;

	/**
	 * Whether the provider offers RFC 7009-style token revocation.
	 */
	public function supports_revocation(): bool;

	/**
	 * Whether revoking any token ends the whole grant of this account to this app, so a token a
	 * reconnect replaced shares its grant with the new tokens and must not be revoked.
	 */
	public function revocation_ends_account_grant(): bool;

	/**
	 * JsonShape of a revocation answer's body, or null where the status alone answers (RFC 7009
	 * servers send an empty 200).
	 *
	 * @return array|null
	 */
	public function revocation_answer_shape(): ?array;

	/**
	 * Whether a revocation answer (HTTP 2xx) says the grant is gone: RFC 7009 servers say so with
	 * the status alone, Zoho only in its body.
	 *
	 * @param array $answer Shaped answer body (empty without a shape).
	 */
	public function revocation_confirmed( array $answer ): bool;

	/**
	 * What to tell an administrator after disconnecting, beyond "tokens deleted" (e.g. where to
	 * remove the app's consent when the provider cannot revoke remotely).
	 */
	public function disconnect_advice(): string;
}
