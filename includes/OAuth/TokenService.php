<?php
/**
 * Token exchange, refresh and authenticated API calls.
 *
 * @package SyncWarden
 */

namespace SyncWarden\OAuth;

use SyncWarden\Audit\AuditTrail;
use SyncWarden\Http\ClientAuthentication;
use SyncWarden\Http\ErrorClassifier;
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
 * The clone lock lives here because every use of a connection's grant passes through here: an
 * API call, a refresh, a push subscription's renewal, a test, a revocation (disconnect, revoke
 * all, uninstall). On a copy of the site (SiteIdentity's fingerprint differs) each of them is
 * refused with SITE_COPY before anything is sent, until an administrator confirms this is the
 * live site (ConnectionService::confirm_site, audited).
 */
final class TokenService {

	public const REFRESH_MARGIN = 300;

	public const TOKEN_SHAPE = array(
		'access_token'  => 'string',
		'token_type'    => '?string',
		'expires_in'    => '?int',
		'refresh_token' => '?string',
		'scope'         => '?string',
		// HubSpot's v3 token answer lists the grant as an array and has no `scope` (AccessTokenResponse
		// in HubSpot/HubSpot-public-api-spec-collection, Auth/Oauth v3 oauth.json).
		'scopes'        => '?array',
		'api_domain'    => '?string',
	);

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
	}

	/**
	 * POSTs a grant to a provider's token endpoint with the client credentials.
	 *
	 * @param string $provider_id    Provider id.
	 * @param string $token_endpoint Token endpoint URL.
	 * @param array  $grant          Grant parameters.
	 * @return array Shaped token response.
	 * @throws HttpError On failure.
	 */
	public function request_token( string $provider_id, string $token_endpoint, array $grant ): array {
		$auth     = $this->client_request( $provider_id, 'token', $grant );
		$response = $this->http->request(
			'POST',
			$token_endpoint,
			array(
				'form'          => $auth['form'],
				'headers'       => $auth['headers'],
				// Zoho sends its token errors with HTTP 200, so `error` is read before `access_token` is required.
				'shape'         => array(
					'access_token' => '?string',
					'error'        => '?string',
				) + self::TOKEN_SHAPE,
				'allowed_hosts' => Endpoints::hosts( array( $token_endpoint ) ),
				'max_bytes'     => 65536,
				'retries'       => 1,
			)
		)['data'];
		if ( isset( $response['error'] ) ) {
			throw ErrorClassifier::classify( 200, (string) wp_json_encode( array( 'error' => $response['error'] ) ), null );
		}
		if ( ! isset( $response['access_token'] ) ) {
			// phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain text for logs and JSON; escaped where shown as HTML.
			throw new HttpError( HttpError::INVALID_RESPONSE, 'The provider’s token response carried no access token.' );
		}
		unset( $response['error'] );
		return $response;
	}

	/**
	 * A token or revocation request's form and headers, authenticated the way the provider
	 * documents for that endpoint.
	 *
	 * @param string $provider_id Provider id.
	 * @param string $endpoint    `token` or `revoke`.
	 * @param array  $form        Grant or revocation parameters.
	 * @return array{form: array, headers: array<string, string>}
	 * @throws HttpError CONFIG when the client secret is missing or unreadable.
	 */
	public function client_request( string $provider_id, string $endpoint, array $form ): array {
		try {
			$secret = $this->credentials->client_secret( $provider_id );
		} catch ( VaultException $e ) {
			// phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain text for logs and JSON; escaped where shown as HTML.
			throw new HttpError( HttpError::CONFIG, $e->getMessage() );
		}
		$provider = $this->providers->get( $provider_id );
		$method   = null === $provider ? ClientAuthentication::POST : $provider->client_authentication( $endpoint );
		return ClientAuthentication::request( $method, (string) $this->credentials->describe( $provider_id )['client_id'], $secret, $form );
	}

	/**
	 * A usable access token, refreshed first when it expires within the margin.
	 *
	 * @param int $id Connection id.
	 * @throws HttpError When no valid token can be had.
	 */
	public function access_token( int $id ): string {
		$this->usable_connection( $id );
		$tokens = $this->readable_tokens( $id );
		if ( null !== $tokens['expires_at'] && $tokens['expires_at'] - time() <= self::REFRESH_MARGIN ) {
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
		$this->usable_connection( $id );
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
		$connection = $this->usable_connection( $id );
		$provider   = $this->known_provider( $connection );
		// Derived now, never trusted as stored: a rewritten row cannot redirect the bearer token.
		$api_base   = $provider->connection_api_base( Endpoints::resolve( $provider ), (string) $connection['api_base'] );
		$url        = self::api_url( $api_base, $path );
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
	 * RFC 7009 revocation of a connection's grant, from the live site only (the clone lock).
	 *
	 * @param int $id Connection id.
	 * @throws HttpError On failure, SITE_COPY on a copy of the site, CONFIG for a provider
	 *                   SyncWarden no longer knows.
	 * @throws VaultException When the tokens cannot be read.
	 */
	public function revoke( int $id ): void {
		$connection = $this->usable_connection( $id );
		$this->revoke_tokens( $this->known_provider( $connection ), (string) $connection['token_endpoint'], $this->connections->tokens( $id ) );
	}

	/**
	 * Revokes the refresh token (which ends the grant), else the access token, at the revocation
	 * endpoint for the grant's own token endpoint (Zoho: its data centre, re-checked now). For a
	 * grant this site holds but no connection stores (one a reconnect replaced or refused);
	 * revoke() is the way for a connection's own.
	 *
	 * @param Provider $provider       Provider.
	 * @param string   $token_endpoint The token endpoint that issued the grant.
	 * @param array    $tokens         access_token and refresh_token (nullable).
	 * @throws HttpError On failure, including an answer that does not confirm it.
	 */
	public function revoke_tokens( Provider $provider, string $token_endpoint, array $tokens ): void {
		$revoke  = $provider->connection_endpoint( 'revoke', Endpoints::resolve( $provider ), $token_endpoint );
		$refresh = $tokens['refresh_token'] ?? null;
		$request = $this->client_request(
			$provider->id(),
			'revoke',
			array(
				'token'           => (string) ( $refresh ?? $tokens['access_token'] ),
				'token_type_hint' => null !== $refresh ? 'refresh_token' : 'access_token',
			)
		);
		$answer  = $this->http->request(
			'POST',
			$revoke,
			array(
				'form'           => $request['form'],
				'headers'        => $request['headers'],
				'shape'          => $provider->revocation_answer_shape(),
				'allowed_hosts'  => Endpoints::hosts( array( $revoke ) ),
				'retries'        => 1,
				'max_retry_wait' => 2.0,
			)
		);
		if ( ! $provider->revocation_confirmed( $answer['data'] ) ) {
			// phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain text for logs and JSON; escaped where shown as HTML.
			throw new HttpError( HttpError::INVALID_RESPONSE, __( 'the provider answered without confirming that access was removed', 'syncwarden' ) );
		}
	}

	/**
	 * The connection, when its grant may be used from this site: the clone lock.
	 *
	 * @param int $id Connection id.
	 * @return array<string, mixed> Public fields.
	 * @throws HttpError AUTH_REVOKED when it is gone, SITE_COPY on a copy of the site.
	 */
	private function usable_connection( int $id ): array {
		$connection = $this->connections->find( $id );
		if ( null === $connection ) {
			throw new HttpError( HttpError::AUTH_REVOKED, __( 'This connection no longer exists.', 'syncwarden' ) );
		}
		if ( $connection['site_moved'] ) {
			throw new HttpError( HttpError::SITE_COPY, __( 'Paused: this looks like a copy of the site the connection was made on (staging or a restored backup), so nothing is sent to the provider from here. If this is the live site, confirm it on the Connections tab.', 'syncwarden' ) );
		}
		return $connection;
	}

	/**
	 * The URL for a call. A link from a response (Graph's next and delta links) is followed only
	 * below the connection's own API base: the bearer token never goes anywhere else.
	 *
	 * @param string $api_base Connection's API base.
	 * @param string $path     Path or absolute URL.
	 * @throws HttpError CONFIG for an absolute URL outside the API base.
	 */
	private static function api_url( string $api_base, string $path ): string {
		if ( ! preg_match( '~^[a-z][a-z0-9+.-]*:~i', $path ) ) {
			return $api_base . $path;
		}
		if ( ! str_starts_with( $path, untrailingslashit( $api_base ) . '/' ) ) {
			// phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain text for logs and JSON; escaped where shown as HTML.
			throw new HttpError( HttpError::CONFIG, 'Refused to follow a link outside the provider’s API address.' );
		}
		return $path;
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
			$response = $this->request_token(
				$connection['provider'],
				$this->refresh_endpoint( $connection ),
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
		$this->connections->save_tokens( $id, $response['access_token'], $response['refresh_token'] ?? null, self::expires_at( $response ) );
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
	 * The connection's token endpoint, re-derived from its provider (Zoho: its data centre,
	 * checked against the allowlist again) rather than trusted as stored.
	 *
	 * @param array $connection Connection.
	 * @throws HttpError CONFIG when it is not an allowed one.
	 */
	private function refresh_endpoint( array $connection ): string {
		$provider = $this->known_provider( $connection );
		return $provider->connection_endpoint( 'token', Endpoints::resolve( $provider ), (string) $connection['token_endpoint'] );
	}

	/**
	 * The connection's provider.
	 *
	 * @param array $connection Connection.
	 * @throws HttpError CONFIG for a provider that is not registered (a downgrade, a tampered row).
	 */
	private function known_provider( array $connection ): Provider {
		$provider = $this->providers->get( (string) $connection['provider'] );
		if ( null === $provider ) {
			// phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain text for logs and JSON; escaped where shown as HTML.
			throw new HttpError( HttpError::CONFIG, __( 'This connection belongs to a provider SyncWarden no longer knows.', 'syncwarden' ) );
		}
		return $provider;
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
			// phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain text for logs and JSON; escaped where shown as HTML.
			throw new HttpError( HttpError::AUTH_REVOKED, $e->getMessage() );
		}
	}

	private function expires_soon( ?int $expires_at ): bool {
		return null !== $expires_at && $expires_at - time() <= self::REFRESH_MARGIN;
	}

	/**
	 * Expiry time from a token response.
	 *
	 * @param array $response Shaped token response.
	 */
	public static function expires_at( array $response ): ?int {
		return isset( $response['expires_in'] ) ? time() + (int) $response['expires_in'] : null;
	}
}
