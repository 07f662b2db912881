<?php
/**
 * Public webhook routes.
 *
 * POST /webhooks/calendly/{connection}    Calendly deliveries (HMAC-signed)
 * POST /webhooks/google/{connection}      Google Calendar push notifications (channel token)
 * POST /webhooks/microsoft/{connection}   Microsoft Graph notifications (clientState) and its
 *                                         ?validationToken= handshake (answered as text/plain)
 *
 * @package SyncWarden
 */

namespace SyncWarden\REST;

use SyncWarden\Storage\SubscriptionStore;
use SyncWarden\Webhooks\CalendlyWebhooks;
use SyncWarden\Webhooks\GooglePush;
use SyncWarden\Webhooks\GraphNotifications;
use SyncWarden\Webhooks\Outcome;
use SyncWarden\Webhooks\RateLimiter;
use SyncWarden\Webhooks\SecurityEvents;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

defined( 'ABSPATH' ) || exit;

/**
 * Transport only. These routes are public (PublicRoutes explains why), so the order of checks
 * is the defence: a `rest_pre_dispatch` gate runs before WordPress matches the route or parses a
 * byte of the body, and refuses what is over the rate limit (address first, then connection) or
 * over the size cap; only then does the handler verify the request's signature or token on the
 * raw body and headers, and only a verified request is parsed and acted on. The same gate
 * rate-limits the other public route, the OAuth callback, per address.
 */
final class WebhooksController {

	public const MAX_BODY_BYTES = 65536;
	public const PROVIDERS      = array( 'calendly', 'google', 'microsoft' );

	/**
	 * The Router the routes were registered with; it tells which public route a request matches.
	 *
	 * @var Router|null
	 */
	private ?Router $router = null;

	/**
	 * Constructor.
	 *
	 * @param RateLimiter        $limiter  Sliding-window limits.
	 * @param SecurityEvents     $security Refusals.
	 * @param SubscriptionStore  $store    Which endpoints are live.
	 * @param CalendlyWebhooks   $calendly Calendly deliveries.
	 * @param GooglePush         $google   Google notifications.
	 * @param GraphNotifications $graph    Graph notifications and handshake.
	 */
	public function __construct(
		private readonly RateLimiter $limiter,
		private readonly SecurityEvents $security,
		private readonly SubscriptionStore $store,
		private readonly CalendlyWebhooks $calendly,
		private readonly GooglePush $google,
		private readonly GraphNotifications $graph
	) {
	}

	/**
	 * Attaches the gate and the plain-text answer for Graph's handshake.
	 */
	public function register_hooks(): void {
		add_filter( 'rest_pre_dispatch', array( $this, 'gate' ), 5, 3 );
		add_filter( 'rest_pre_serve_request', array( $this, 'serve_plain_text' ), 10, 3 );
	}

	/**
	 * Registers the routes. Their permission callback lets everyone in because the caller is a
	 * provider with no WordPress account: the signature or token checked by the handler is the
	 * authentication. The body is the provider's document, not parameters, so the Router's
	 * parameter guard is off and each handler checks the query string itself.
	 *
	 * @param Router $router Route registrar.
	 */
	public function register_routes( Router $router ): void {
		$this->router = $router;
		foreach ( self::PROVIDERS as $provider ) {
			$router->add_public( self::webhook_route( $provider ), WP_REST_Server::CREATABLE, array( $this, $provider ), '__return_true', array(), true );
		}
	}

	/**
	 * Rate limit and size cap, before routing, argument parsing and any verification.
	 *
	 * @param mixed           $result  Earlier short-circuit result.
	 * @param WP_REST_Server  $server  Server.
	 * @param WP_REST_Request $request Request.
	 * @return mixed
	 */
	public function gate( $result, $server, WP_REST_Request $request ) {
		if ( null !== $result ) {
			return $result;
		}
		$matched = $this->router?->match_public( $request->get_route() );
		if ( null === $matched ) {
			return null;
		}
		if ( PublicRoutes::OAUTH_CALLBACK === $matched['route'] ) {
			return $this->gate_callback( $matched['params']['provider'] );
		}
		$provider = self::webhook_provider( $matched['route'] );
		if ( null === $provider ) {
			return null;
		}
		$id       = $matched['params']['connection'];
		$ip       = self::client_ip();
		$admitted            = $this->limiter->for_ip( $ip );
		// Looked up only after the address check counted the request (one cached option read);
		// refusals are attributed to live endpoints only, so made-up ids create no counters.
		$live = 'live' === $this->store->endpoint( $provider, (int) $id );
		if ( $admitted['allowed'] && $live ) {
			// Only verified deliveries spend this budget (see respond_verified()); a made-up id has
			// nothing to verify against, so only the address limit applies to it.
			$admitted = $this->limiter->connection_open( $provider . '|' . $id );
		}
		if ( ! $admitted['allowed'] ) {
			$this->security->record( SecurityEvents::RATE_LIMITED, $provider, $live ? (int) $id : null, $ip );
			return self::respond( new Outcome( 429, 'syncwarden_rate_limited', __( 'Too many requests. Try again later.', 'syncwarden' ), array(), null, $admitted['retry_after'] ) );
		}
		if ( self::too_large( $request ) ) {
			$this->security->record( SecurityEvents::OVERSIZED, $provider, $live ? (int) $id : null, $ip );
			return self::respond( new Outcome( 413, 'syncwarden_body_too_large', __( 'The request body is too large.', 'syncwarden' ) ) );
		}
		return null;
	}

	/**
	 * The provider of a webhook route pattern, or null for another route.
	 *
	 * @param string $route Route pattern as registered.
	 */
	private static function webhook_provider( string $route ): ?string {
		foreach ( self::PROVIDERS as $provider ) {
			if ( self::webhook_route( $provider ) === $route ) {
				return $provider;
			}
		}
		return null;
	}

	/**
	 * The route pattern of a provider's webhook endpoint.
	 *
	 * @param string $provider Provider id.
	 */
	private static function webhook_route( string $provider ): string {
		return '/webhooks/' . $provider . '/(?P<connection>\d+)';
	}

	/**
	 * The OAuth callback is public too: per-address rate limit only (it has no connection yet).
	 *
	 * @param string $provider Provider id from the URL.
	 */
	private function gate_callback( string $provider ): ?WP_REST_Response {
		$ip       = self::client_ip();
		$admitted = $this->limiter->for_callback( $ip );
		if ( $admitted['allowed'] ) {
			return null;
		}
		$this->security->record( SecurityEvents::RATE_LIMITED, substr( $provider, 0, 32 ), null, $ip );
		return self::respond( new Outcome( 429, 'syncwarden_rate_limited', __( 'Too many requests. Try again later.', 'syncwarden' ), array(), null, $admitted['retry_after'] ) );
	}

	/**
	 * POST /webhooks/calendly/{connection}.
	 *
	 * @param WP_REST_Request $request Request.
	 */
	public function calendly( WP_REST_Request $request ): WP_REST_Response {
		return self::unknown_query( $request, array() ) ?? $this->respond_verified(
			'calendly',
			$request,
			$this->calendly->handle( self::connection( $request ), (string) $request->get_body(), $request->get_header( 'calendly-webhook-signature' ), self::client_ip() )
		);
	}

	/**
	 * POST /webhooks/google/{connection}. Google sends everything in headers.
	 *
	 * @param WP_REST_Request $request Request.
	 */
	public function google( WP_REST_Request $request ): WP_REST_Response {
		$headers = array(
			'channel_id'     => $request->get_header( 'x-goog-channel-id' ),
			'token'          => $request->get_header( 'x-goog-channel-token' ),
			'resource_id'    => $request->get_header( 'x-goog-resource-id' ),
			'resource_state' => $request->get_header( 'x-goog-resource-state' ),
			'message_number' => $request->get_header( 'x-goog-message-number' ),
		);
		return self::unknown_query( $request, array() ) ?? $this->respond_verified( 'google', $request, $this->google->handle( self::connection( $request ), $headers, self::client_ip() ) );
	}

	/**
	 * POST /webhooks/microsoft/{connection}, with ?validationToken= for Graph's handshake.
	 *
	 * @param WP_REST_Request $request Request.
	 */
	public function microsoft( WP_REST_Request $request ): WP_REST_Response {
		$query = $request->get_query_params();
		if ( array_key_exists( 'validationToken', $query ) ) {
			return self::unknown_query( $request, array( 'validationToken' ) ) ?? $this->respond_verified( 'microsoft', $request, $this->graph->handshake( self::connection( $request ), is_string( $query['validationToken'] ) ? $query['validationToken'] : '' ) );
		}
		return self::unknown_query( $request, array() ) ?? $this->respond_verified( 'microsoft', $request, $this->graph->handle( self::connection( $request ), (string) $request->get_body(), self::client_ip() ) );
	}

	/**
	 * The response for a handler's outcome; a delivery it accepted (so verified) spends the
	 * connection's budget, which the gate checks for the next one.
	 *
	 * @param string          $provider Provider id.
	 * @param WP_REST_Request $request  Request.
	 * @param Outcome         $outcome  Handler outcome.
	 */
	private function respond_verified( string $provider, WP_REST_Request $request, Outcome $outcome ): WP_REST_Response {
		if ( $outcome->status >= 200 && $outcome->status < 300 ) {
			$this->limiter->spend_connection( $provider . '|' . self::connection( $request ) );
		}
		return self::respond( $outcome );
	}

	/**
	 * Sends a text/plain answer as-is (Graph compares the body with its token byte for byte);
	 * WordPress would JSON-encode it.
	 *
	 * @param bool             $served  Whether the request was served already.
	 * @param mixed            $result  Response.
	 * @param WP_REST_Request  $request Request.
	 */
	public function serve_plain_text( $served, $result, $request ): bool {
		if ( $served || ! $result instanceof WP_REST_Response || ! $request instanceof WP_REST_Request || null === self::webhook_provider( (string) ( $this->router?->match_public( $request->get_route() )['route'] ?? '' ) ) ) {
			return (bool) $served;
		}
		if ( ! str_starts_with( (string) ( $result->get_headers()['Content-Type'] ?? '' ), 'text/plain' ) || ! is_string( $result->get_data() ) ) {
			return false;
		}
		echo $result->get_data(); // phpcs:ignore WordPress.Security.EscapeOutput -- text/plain with nosniff: the exact bytes Graph expects.
		return true;
	}

	/**
	 * The client's address: REMOTE_ADDR, which a client cannot forge. Behind a reverse proxy that
	 * is the proxy's address; the `syncwarden_client_ip` filter may return the address the
	 * proxy reports (only trust a header your own proxy sets).
	 */
	private static function client_ip(): string {
		$remote = isset( $_SERVER['REMOTE_ADDR'] ) ? sanitize_text_field( wp_unslash( (string) $_SERVER['REMOTE_ADDR'] ) ) : '';
		/**
		 * Filters the client address webhook rate limits and security events use.
		 *
		 * @param string $remote REMOTE_ADDR.
		 */
		$ip = apply_filters( 'syncwarden_client_ip', $remote );
		return is_string( $ip ) && false !== filter_var( $ip, FILTER_VALIDATE_IP ) ? $ip : '0.0.0.0';
	}

	/**
	 * The connection id from the URL (never from the body, whose JSON WordPress merges into the
	 * parameters and which a sender controls).
	 *
	 * @param WP_REST_Request $request Request.
	 */
	private static function connection( WP_REST_Request $request ): int {
		return (int) ( $request->get_url_params()['connection'] ?? 0 );
	}

	/**
	 * Whether the body is over the cap, judged by Content-Length first (no need to look at it).
	 *
	 * @param WP_REST_Request $request Request.
	 */
	private static function too_large( WP_REST_Request $request ): bool {
		$declared = $request->get_header( 'content-length' );
		return ( null !== $declared && (int) $declared > self::MAX_BODY_BYTES ) || strlen( (string) $request->get_body() ) > self::MAX_BODY_BYTES;
	}

	/**
	 * Refuses query parameters the route does not know (WordPress's own `_…` and rest_route aside).
	 *
	 * @param WP_REST_Request $request Request.
	 * @param string[]        $allowed Accepted names.
	 */
	private static function unknown_query( WP_REST_Request $request, array $allowed ): ?WP_REST_Response {
		$unknown = array_filter(
			array_keys( $request->get_query_params() ),
			static fn( $name ) => ! in_array( $name, $allowed, true ) && 'rest_route' !== $name && ! str_starts_with( (string) $name, '_' )
		);
		if ( ! $unknown ) {
			return null;
		}
		/* translators: %s: parameter names */
		return self::respond( Outcome::invalid( sprintf( __( 'Unknown parameter: %s.', 'syncwarden' ), implode( ', ', $unknown ) ) ) );
	}

	/**
	 * The HTTP answer for an outcome: short, never cached, Retry-After on 429.
	 *
	 * @param Outcome $outcome Outcome.
	 */
	private static function respond( Outcome $outcome ): WP_REST_Response {
		if ( null !== $outcome->plain_text ) {
			$response = new WP_REST_Response( $outcome->plain_text, $outcome->status );
			$response->header( 'Content-Type', 'text/plain; charset=utf-8' );
		} else {
			$response = new WP_REST_Response(
				array(
					'code'    => $outcome->code,
					'message' => $outcome->message,
				) + $outcome->data,
				$outcome->status
			);
		}
		$response->header( 'Cache-Control', 'no-store' );
		$response->header( 'X-Content-Type-Options', 'nosniff' );
		if ( null !== $outcome->retry_after ) {
			$response->header( 'Retry-After', (string) $outcome->retry_after );
		}
		return $response;
	}
}
