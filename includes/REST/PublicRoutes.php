<?php
/**
 * The single list of `syncwarden/v1` routes that may answer without an administrator.
 *
 * @package SyncWarden
 */

namespace SyncWarden\REST;

defined( 'ABSPATH' ) || exit;

/**
 * Every entry needs a reason a security reviewer accepts. The route matrix test exempts exactly
 * these routes from the administrator check and fails if one is listed but not registered.
 */
final class PublicRoutes {

	/** Where a provider sends the administrator's browser back. */
	public const OAUTH_CALLBACK = '/oauth/callback/(?P<provider>[a-z]+)';

	/**
	 * Route pattern => why it is public.
	 *
	 * @var array<string, string>
	 */
	public const REASONS = array(
		self::OAUTH_CALLBACK                    => 'The provider redirects the administrator\'s browser here, which cannot carry a REST nonce. The handler identifies the administrator from the logged-in cookie itself, requires manage_options, and accepts only the single-use state that same administrator started (the state is the CSRF token). Rate-limited per client address before anything else runs.',
		'/webhooks/calendly/(?P<connection>\d+)'  => 'Calendly delivers invitee.created / invitee.canceled here from its servers, with no WordPress account or nonce. Before anything is parsed the request is rate-limited per address and per connection (429 + Retry-After) and capped at 64 KB; the handler then requires Calendly-Webhook-Signature, an HMAC-SHA256 over t + "." + the raw body with the per-connection signing key SyncWarden generated (vault-encrypted, compared with hash_equals), a t no older than 3 minutes and not in the future, and a signature not seen before. Only then is the body schema-checked and applied, idempotently by the scheduled event id. Refusals are security events in the audit log.',
		'/webhooks/google/(?P<connection>\d+)'    => 'Google Calendar push notifications for events.watch channels arrive here from Google, with no WordPress account or nonce. Same rate limit and size cap first; then X-Goog-Channel-ID must name a channel of this connection and X-Goog-Channel-Token must equal its random, vault-encrypted token (hash_equals), with the matching X-Goog-Resource-ID. The content is never trusted: a verified notification only schedules an incremental sync soon. Refusals are security events.',
		'/webhooks/microsoft/(?P<connection>\d+)' => 'Microsoft Graph change notifications arrive here from Graph, with no WordPress account or nonce; Graph also validates the endpoint by POSTing ?validationToken=, which is echoed as text/plain only during the minute SyncWarden itself is creating a subscription for this connection. Same rate limit and size cap first; every notification must name our subscription and carry its random, vault-encrypted clientState (hash_equals), and only schedules an incremental sync soon. Refusals are security events.',
	);

	/**
	 * Whether a route pattern is allowed to be public.
	 *
	 * @param string $route Route pattern below the namespace.
	 */
	public static function is_public( string $route ): bool {
		return array_key_exists( $route, self::REASONS );
	}
}
