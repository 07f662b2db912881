<?php
/**
 * Token exchange, refresh and authenticated API calls.
 *
 * @package SyncWarden
 */

namespace SyncWarden\OAuth;

use SyncWarden\Audit\AuditTrail;
use SyncWarden\Http\HttpClient;
use SyncWarden\Http\HttpError;
use SyncWarden\Providers\Endpoints;
use SyncWarden\Providers\Provider;
use SyncWarden\Providers\ProviderRegistry;
use SyncWarden\Storage\ConnectionsRepository;
use SyncWarden\Storage\CredentialsRepository;
use SyncWarden\Storage\Lock;
use SyncWarden\Storage\VaultException;

defined( 'ABSPATH' ) || exit;

/**
 * Refreshes proactively (within five minutes of expiry) and once after a 401, one refresh at a
 * time per connection across PHP processes. A rotated refresh token is saved, encrypted, in the
 * same write as the new access token, before the new access token is handed to anyone.
 * invalid_grant means the grant is gone: the connection flips to "reconnect needed" at once.
 * Transient failures (5xx, 429, timeouts) never disconnect; they are recorded and raised.
 *
 * Every use of a connection's grant passes through here (API calls, refreshes, push renewals,
 * tests, revocations), so OutboundPolicy's rules are applied here: on a copy of the site each is
 * refused with SITE_COPY before anything is sent, until an administrator confirms (audited).
 */
final class TokenService {

	public const REFRESH_MARGIN = 300;

	/**
	 * The clone lock and endpoint derivation applied before every outbound use.
	 *
	 * @var OutboundPolicy
	 */
	private OutboundPolicy $policy;

	/**
	 * Token and revocation requests on the wire.
	 *
	 * @var AuthorizationServer
	 */
	private AuthorizationServer $server;

	/**
	 * Constructor.
	 *
	 * @param HttpClient            $http        Hardened client.
	 * @param CredentialsRepository $credentials Client credentials.
	 * @param ConnectionsRepository $connections Connections.
	 * @param Lock                  $lock        Cross-process lock.
	 * @param AuditTrail            $audit       Audit trail.
	 * @param ProviderRegistry      $providers   Providers (how each authenticates the client, and
	 *                                           the Authorization scheme of its API).
	 */
	public function __construct(
		private readonly HttpClient $http,
		private readonly CredentialsRepository $credentials,
		private readonly ConnectionsRepository $connections,
		private readonly Lock $lock,
		private readonly AuditTrail $audit,
		private readonly ProviderRegistry $providers
	) {
		$this->policy = new OutboundPolicy( $connections, $providers );
		$this->server = new AuthorizationServer( $http, $credentials, $providers );
	}

	/**
	 * POSTs a grant to a provider's token endpoint (AuthorizationServer::request_token()).
	 *
	 * @param string $provider_id    Provider id.
	 * @param string $token_endpoint Token endpoint URL.
	 * @param array  $grant          Grant parameters.
	 * @return array Shaped token response.
	 * @throws HttpError On failure.
	 */
	public function request_token( string $provider_id, string $token_endpoint, array $grant ): array {
		return $this->server->request_token( $provider_id, $token_endpoint, $grant );
	}

	/**
	 * A usable access token, refreshed first when it expires within the margin.
	 *
	 * @param int $id Connection id.
	 * @throws HttpError When no valid token can be had.
	 */
	public function access_token( int $id ): string {
		$this->policy->connection( $id );
		$tokens = $this->readable_tokens( $id );
		if ( $this->expires_soon( $tokens['expires_at'] ) ) {
			return $this->refresh( $id, $tokens['access_token'] );
		}
		return (string) $tokens['access_token'];
	}

	/**
	 * Refreshes under the connection's lock. When another process refreshed meanwhile (the stored
	 * access token is no longer `$stale_token`), its result is used instead of refreshing again —
	 * which would present an already-rotated refresh token and kill the grant.
	 *
	 * @param int         $id          Connection id.
	 * @param string|null $stale_token The access token the caller found unusable.
	 * @throws HttpError On failure.
	 */
	public function refresh( int $id, ?string $stale_token ): string {
		$this->policy->connection( $id );
		$outcome = $this->lock->with(
			'connection_' . $id,
			function () use ( $id, $stale_token ): string {
				$tokens = $this->readable_tokens( $id );
				if ( $tokens['access_token'] !== $stale_token && ! $this->expires_soon( $tokens['expires_at'] ) ) {
					return (string) $tokens['access_token'];
				}
				return $this->refresh_now( $id, $tokens );
			},
			10.0,
			// Outlives the token request it guards (request_token: one retry) and the writes after.
			HttpClient::worst_case_seconds( 1 ) + 10
		);
		if ( ! $outcome['acquired'] ) {
			// phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain text for logs and JSON; escaped where shown as HTML.
			throw new HttpError( HttpError::TRANSIENT, __( 'Another request is refreshing this connection; try again in a moment.', 'syncwarden' ) );
		}
		return $outcome['result'];
	}

	/**
	 * An authenticated API call; on a 401 the token is refreshed once and the call repeated.
	 *
	 * @param int                   $id      Connection id.
	 * @param string                $method  HTTP method.
	 * @param string                $path    Path below the connection's API base, or an absolute URL
	 *                                       the provider handed out that lies below it.
	 * @param array|null            $shape   Expected JSON shape; null when no body is expected (204).
	 * @param array|null            $json    JSON request body.
	 * @param array<string, string> $headers Extra request headers.
	 * @param int|null              $max_bytes Response size cap for this call (an import page of
	 *                                         real-sized events is larger than the default).
	 * @return array Shaped data.
	 * @throws HttpError On failure, or CONFIG for an absolute URL outside the API base.
	 */
	public function call( int $id, string $method, string $path, ?array $shape, ?array $json = null, array $headers = array(), ?int $max_bytes = null ): array {
		$connection = $this->policy->connection( $id );
		$provider   = $this->policy->provider( $connection );
		// Derived now, never trusted as stored: a rewritten row cannot redirect the bearer token.
		$api_base   = $this->policy->api_base( $connection );
		$url        = OutboundPolicy::url( $api_base, $path );
		$token      = $this->access_token( $id ); // A failed refresh records itself.
		$scheme     = $provider->authorization_scheme();
		$send       = function ( string $token, bool $refreshed ) use ( $id, $api_base, $scheme, $method, $url, $shape, $json, $headers, $max_bytes ): array {
			$options = array(
				'headers'       => array( 'Authorization' => $scheme . ' ' . $token ) + $headers,
				'shape'         => $shape,
				'allowed_hosts' => Endpoints::hosts( array( $api_base ) ),
				'max_bytes'     => $max_bytes ?? HttpClient::DEFAULT_MAX_BYTES,
			);
			if ( null !== $json ) {
				$options['json'] = $json;
			}
			try {
				return $this->http->request( $method, $url, $options )['data'];
			} catch ( HttpError $e ) {
				// A first 401 is retried below with a new token; one that persists after a successful
				// refresh is the provider refusing the connection and is recorded. 400/404/409/410/422
				// answer this request, not the connection's health.
				if ( ! in_array( $e->status, $refreshed ? array( 400, 404, 409, 410, 422 ) : array( 400, 401, 404, 409, 410, 422 ), true ) ) {
					$this->record_failure( $id, $e );
				}
				throw $e;
			}
		};
		try {
			$data = $send( $token, false );
		} catch ( HttpError $e ) {
			if ( 401 !== $e->status ) {
				throw $e;
			}
			$data = $send( $this->refresh( $id, $token ), true );
		}
		if ( ConnectionsRepository::STATUS_CONNECTED !== $connection['status'] || 0 !== $connection['consecutive_failures'] || '' !== $connection['last_error_kind'] ) {
			$this->connections->record_health( $id, ConnectionsRepository::STATUS_CONNECTED ); // Healthy rows are not rewritten on every call.
		}
		return $data;
	}

	/**
	 * A request described by a provider class (method, path, shape, and optionally json,
	 * headers, max_bytes), sent through call().
	 *
	 * @param int   $id      Connection id.
	 * @param array $request Described request.
	 * @return array Shaped data.
	 * @throws HttpError On failure.
	 */
	public function send( int $id, array $request ): array {
		return $this->call( $id, $request['method'], $request['path'], $request['shape'] ?? null, $request['json'] ?? null, $request['headers'] ?? array(), $request['max_bytes'] ?? null );
	}

	/**
	 * A described removal (an event, a subscription): an answer that the item is gone
	 * (HttpError::item_gone()) means it is already removed.
	 *
	 * @param int   $id      Connection id.
	 * @param array $request Described request.
	 * @throws HttpError On any other failure.
	 */
	public function send_removal( int $id, array $request ): void {
		try {
			$this->send( $id, $request );
		} catch ( HttpError $e ) {
			if ( ! $e->item_gone() ) {
				throw $e;
			}
		}
	}

	/**
	 * RFC 7009 revocation of a connection's grant, from the live site only (the clone lock).
	 *
	 * @param int $id Connection id.
	 * @throws HttpError On failure, SITE_COPY on a copy of the site, CONFIG for a provider
	 *                   SyncWarden no longer knows.
	 * @throws VaultException When the tokens cannot be read.
	 */
	public function revoke( int $id ): void {
		$connection = $this->policy->connection( $id );
		$this->server->revoke_tokens( $this->policy->provider( $connection ), (string) $connection['token_endpoint'], $this->connections->tokens( $id ) );
	}

	/**
	 * Revokes a grant this site holds but no connection stores (AuthorizationServer::revoke_tokens()).
	 *
	 * @param Provider $provider       Provider.
	 * @param string   $token_endpoint The token endpoint that issued the grant.
	 * @param array    $tokens         access_token and refresh_token (nullable).
	 * @throws HttpError On failure, including an answer that does not confirm it.
	 */
	public function revoke_tokens( Provider $provider, string $token_endpoint, array $tokens ): void {
		$this->server->revoke_tokens( $provider, $token_endpoint, $tokens );
	}

	/**
	 * Counts a failure; only a revoked grant changes the status (transient errors never disconnect).
	 *
	 * @param int       $id    Connection id.
	 * @param HttpError $error What went wrong.
	 */
	private function record_failure( int $id, HttpError $error ): void {
		$status = HttpError::AUTH_REVOKED === $error->kind ? ConnectionsRepository::STATUS_RECONNECT_NEEDED : (string) ( $this->connections->find( $id )['status'] ?? ConnectionsRepository::STATUS_CONNECTED );
		$this->connections->record_health( $id, $status, $error->kind, $error->getMessage() );
	}

	/**
	 * Performs the refresh grant and stores the result.
	 *
	 * @param int   $id     Connection id.
	 * @param array $tokens Current tokens.
	 * @throws HttpError On failure.
	 */
	private function refresh_now( int $id, array $tokens ): string {
		$connection = $this->connections->find( $id );
		if ( null === $tokens['refresh_token'] ) {
			$this->connections->record_health( $id, ConnectionsRepository::STATUS_RECONNECT_NEEDED, HttpError::AUTH_REVOKED, __( 'The access token expired and the provider gave no refresh token.', 'syncwarden' ) );
			// phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain text for logs and JSON; escaped where shown as HTML.
			throw new HttpError( HttpError::AUTH_REVOKED, __( 'The access token expired and there is no refresh token. Reconnect.', 'syncwarden' ) );
		}
		try {
			$response = $this->server->request_token(
				$connection['provider'],
				$this->policy->endpoint( 'token', $connection ),
				array(
					'grant_type'    => 'refresh_token',
					'refresh_token' => $tokens['refresh_token'],
				)
			);
		} catch ( HttpError $e ) {
			$this->record_failure( $id, $e );
			$this->audit->record(
				'connection.refresh_failed',
				array(
					'connection_id' => $id,
					'provider'      => $connection['provider'],
					'result'        => 'failed',
					'kind'          => $e->kind,
				)
			);
			throw $e;
		}
		// Rotated refresh token and new access token land in one write, before anyone uses them.
		// No health is recorded here: a refresh proves the grant, not that the calls work. Only a
		// successful call resets the failure streak (with short-lived tokens every call refreshes
		// first, and a reset here would keep a failing connection's streak at 1).
		$this->connections->save_tokens( $id, $response['access_token'], $response['refresh_token'] ?? null, TokenAnswer::expires_at( $response ) );
		$this->audit->record(
			'connection.refreshed',
			array(
				'connection_id' => $id,
				'provider'      => $connection['provider'],
				'rotated'       => isset( $response['refresh_token'] ),
			)
		);
		return $response['access_token'];
	}

	/**
	 * Decrypted tokens; unreadable ones mean reconnecting.
	 *
	 * @param int $id Connection id.
	 * @return array{access_token: ?string, refresh_token: ?string, expires_at: ?int}
	 * @throws HttpError AUTH_REVOKED when the tokens cannot be decrypted.
	 */
	private function readable_tokens( int $id ): array {
		try {
			return $this->connections->tokens( $id );
		} catch ( VaultException $e ) {
			if ( VaultException::MISSING !== $e->reason ) {
				$this->connections->record_health( $id, ConnectionsRepository::STATUS_RECONNECT_NEEDED, HttpError::AUTH_REVOKED, $e->getMessage() );
			}
			// phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain text for logs and JSON; escaped where shown as HTML.
			throw new HttpError( HttpError::AUTH_REVOKED, $e->getMessage() );
		}
	}

	private function expires_soon( ?int $expires_at ): bool {
		return null !== $expires_at && $expires_at - time() <= self::REFRESH_MARGIN;
	}
}
