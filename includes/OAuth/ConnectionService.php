<?php
/**
 * Connect, test and disconnect: the OAuth use cases behind the Connections tab.
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
use SyncWarden\Providers\ScopeComparison;
use SyncWarden\Storage\ConnectionsRepository;
use SyncWarden\Storage\CredentialsRepository;
use SyncWarden\Storage\VaultException;

defined( 'ABSPATH' ) || exit;

/**
 * Authorization code + PKCE S256 + single-use state. Any failure in the callback stores nothing
 * and ends in a result code the settings screen explains in plain words.
 */
final class ConnectionService {

	public const RESULT_CONNECTED = 'connected';

	/**
	 * Constructor.
	 *
	 * @param ProviderRegistry      $providers   Providers.
	 * @param CredentialsRepository $credentials Client credentials.
	 * @param ConnectionsRepository $connections Connections.
	 * @param StateStore            $states      Pending flows.
	 * @param TokenService          $tokens      Token exchange and API calls.
	 * @param HttpClient            $http        Hardened client (revocation).
	 * @param AuditTrail            $audit       Audit trail.
	 */
	public function __construct(
		private readonly ProviderRegistry $providers,
		private readonly CredentialsRepository $credentials,
		private readonly ConnectionsRepository $connections,
		private readonly StateStore $states,
		private readonly TokenService $tokens,
		private readonly HttpClient $http,
		private readonly AuditTrail $audit
	) {
	}

	/**
	 * Scopes for a set of features: the provider's base scopes plus each chosen feature's.
	 *
	 * @param Provider $provider Provider.
	 * @param string[] $features Chosen features.
	 * @return string[]
	 */
	public static function scopes_for( Provider $provider, array $features ): array {
		$scopes = $provider->base_scopes();
		foreach ( $features as $feature ) {
			$scopes = array_merge( $scopes, $provider->feature_scopes()[ $feature ] ?? array() );
		}
		return array_values( array_unique( $scopes ) );
	}

	/**
	 * Builds the authorize URL for the current administrator.
	 *
	 * @param Provider $provider Provider.
	 * @param string[] $features Chosen features (validated by the caller).
	 * @return string Authorize URL.
	 * @throws HttpError CONFIG when credentials or endpoints are missing.
	 * @throws VaultException When the vault cannot store the flow.
	 */
	public function authorize_url( Provider $provider, array $features ): string {
		$credentials = $this->credentials->describe( $provider->id() );
		$client_id   = $credentials['client_id'];
		if ( null === $client_id || CredentialsRepository::SECRET_SET !== $credentials['client_secret'] ) {
			// phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain text for logs and JSON; escaped where shown as HTML.
			throw new HttpError( HttpError::CONFIG, __( 'Enter the client ID and secret for this provider under Settings first.', 'syncwarden' ) );
		}
		$endpoints = Endpoints::resolve( $provider );
		$scopes    = self::scopes_for( $provider, $features );
		$verifier  = Pkce::verifier();
		$state     = $this->states->create(
			get_current_user_id(),
			array(
				'provider' => $provider->id(),
				'features' => $features,
				'scopes'   => $scopes,
				'verifier' => $verifier,
			)
		);
		$this->audit->record(
			'connection.authorize_started',
			array(
				'provider' => $provider->id(),
				'features' => $features,
			)
		);
		$params = array(
			'response_type'         => 'code',
			'client_id'             => $client_id,
			'redirect_uri'          => CallbackUrl::for_provider( $provider->id() ),
			'scope'                 => $provider->format_scopes( $scopes ),
			'state'                 => $state,
			'code_challenge'        => Pkce::challenge( $verifier ),
			'code_challenge_method' => 'S256',
		) + $provider->authorize_params();
		return $endpoints['authorize'] . ( str_contains( $endpoints['authorize'], '?' ) ? '&' : '?' ) . http_build_query( $params, '', '&', PHP_QUERY_RFC3986 );
	}

	/**
	 * Completes the flow from the provider's redirect.
	 *
	 * @param Provider $provider Provider named by the callback URL.
	 * @param array    $query    Callback query parameters.
	 * @param int      $user_id  Logged-in administrator.
	 * @return string RESULT_CONNECTED or an error code for the notice.
	 */
	public function complete( Provider $provider, array $query, int $user_id ): string {
		$pending = $this->states->consume( isset( $query['state'] ) ? (string) $query['state'] : null, $user_id, $provider->id() );
		if ( is_string( $pending ) ) {
			return $this->fail( $provider, $pending );
		}
		if ( isset( $query['error'] ) ) {
			return $this->fail( $provider, 'access_denied' === $query['error'] ? 'access_denied' : 'provider_error' );
		}
		if ( empty( $query['code'] ) || ! is_string( $query['code'] ) ) {
			return $this->fail( $provider, 'provider_error' );
		}
		try {
			$endpoints      = Endpoints::resolve( $provider );
			$token_endpoint = $provider->token_endpoint( $endpoints, $query );
			if ( isset( $query['iss'] ) && ! self::issuer_matches( (string) $query['iss'], array( $endpoints['authorize'], $token_endpoint ) ) ) {
				return $this->fail( $provider, 'issuer_mismatch' ); // RFC 9207: a mix-up attempt.
			}
			$response       = $this->tokens->request_token(
				$provider->id(),
				$token_endpoint,
				array(
					'grant_type'    => 'authorization_code',
					'code'          => $query['code'],
					'redirect_uri'  => CallbackUrl::for_provider( $provider->id() ),
					'code_verifier' => $pending['verifier'],
				)
			);
			$id = $this->store( $provider, $pending, $response, $token_endpoint, $provider->api_base( $endpoints, $response ) );
		} catch ( HttpError $e ) {
			return $this->fail( $provider, self::exchange_result( $e ), $e->getMessage() );
		} catch ( VaultException $e ) {
			return $this->fail( $provider, 'vault_unavailable', $e->getMessage() );
		}
		$this->test( $id );
		$this->audit->record(
			'connection.connected',
			array(
				'provider'      => $provider->id(),
				'connection_id' => $id,
			)
		);
		/**
		 * Fires once a new connection is stored and tested (sync scheduling and push subscriptions listen).
		 *
		 * @param int $id Connection id.
		 */
		do_action( 'syncwarden_connection_connected', $id );
		return self::RESULT_CONNECTED;
	}

	/**
	 * Calls the provider's cheap test endpoint and records the outcome.
	 *
	 * @param int $id Connection id.
	 * @return array{ok: bool, message: string}
	 */
	public function test( int $id ): array {
		$connection = $this->connections->find( $id );
		$provider   = $this->providers->get( (string) ( $connection['provider'] ?? '' ) );
		if ( null === $connection || null === $provider ) {
			return array(
				'ok'      => false,
				'message' => __( 'This connection no longer exists.', 'syncwarden' ),
			);
		}
		$request = $provider->test_request();
		try {
			$data = $this->tokens->call( $id, 'GET', $request['path'], $request['shape'] ); // Records health.
		} catch ( HttpError $e ) {
			return array(
				'ok'      => false,
				'message' => $e->getMessage(),
			);
		}
		$this->connections->set_account( $id, $provider->account_label( $data ), $provider->account_ref( $data ) );
		return array(
			'ok'      => true,
			'message' => __( 'The connection works.', 'syncwarden' ),
		);
	}

	/**
	 * Revokes remotely where the provider can, then always wipes the local tokens.
	 *
	 * @param int $id Connection id.
	 * @return array{remote: string, message: string} remote: revoked, not_supported or failed.
	 */
	public function disconnect( int $id ): array {
		$connection = $this->connections->find( $id );
		$provider   = $this->providers->get( (string) $connection['provider'] );
		$remote     = 'not_supported';
		$message    = $provider->disconnect_advice();
		/**
		 * Fires before a connection's tokens are revoked and deleted, while they still work
		 * (push subscriptions are removed at the provider here).
		 *
		 * @param int $id Connection id.
		 */
		do_action( 'syncwarden_before_disconnect', $id );
		if ( $provider->supports_revocation() ) {
			try {
				$this->revoke_remotely( $provider, $id );
				$remote = 'revoked';
			} catch ( HttpError | VaultException $e ) {
				$remote = 'failed';
				/* translators: %s: error message */
				$message = sprintf( __( 'The tokens were deleted here, but the provider could not confirm the revocation (%s). Remove the app’s access in your account at the provider to be sure.', 'syncwarden' ), $e->getMessage() );
			}
		}
		$this->connections->delete( $id );
		$this->audit->record(
			'connection.disconnected',
			array(
				'provider'      => $provider->id(),
				'connection_id' => $id,
				'remote'        => $remote,
				'result'        => 'failed' === $remote ? 'failed' : 'ok',
			)
		);
		return array(
			'remote'  => $remote,
			'message' => $message,
		);
	}

	/**
	 * Audits an administrator's confirmation that this (moved) site is the live one.
	 *
	 * @param int $id Connection id.
	 */
	public function audit_site_confirmed( int $id ): void {
		$this->audit->record(
			'connection.site_confirmed',
			array(
				'connection_id' => $id,
				'home'          => home_url(),
			)
		);
	}

	/**
	 * Incident containment: disconnects every connection.
	 *
	 * @return array<int, array{remote: string, message: string}> Outcome per connection id.
	 */
	public function revoke_all(): array {
		$outcomes = array();
		foreach ( $this->connections->all() as $connection ) {
			$outcomes[ $connection['id'] ] = $this->disconnect( $connection['id'] );
		}
		$this->audit->record( 'connection.revoked_all', array( 'count' => count( $outcomes ) ) );
		return $outcomes;
	}

	/**
	 * RFC 7009 revocation of the refresh token (which ends the grant), else the access token.
	 *
	 * @param Provider $provider Provider.
	 * @param int      $id       Connection id.
	 * @throws HttpError|VaultException On failure.
	 */
	private function revoke_remotely( Provider $provider, int $id ): void {
		$endpoints = Endpoints::resolve( $provider );
		// Zoho: the connection's own data centre, re-checked now; others: the configured endpoint.
		$revoke    = $provider->connection_endpoint( 'revoke', $endpoints, (string) $this->connections->find( $id )['token_endpoint'] );
		$tokens    = $this->connections->tokens( $id );
		$token     = $tokens['refresh_token'] ?? $tokens['access_token'];
		$request   = $this->tokens->client_request(
			$provider->id(),
			'revoke',
			array(
				'token'           => (string) $token,
				'token_type_hint' => null !== $tokens['refresh_token'] ? 'refresh_token' : 'access_token',
			)
		);
		$answer = $this->http->request(
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
	 * Stores the grant: a new connection, or new tokens for this provider's existing one.
	 *
	 * @param Provider $provider       Provider.
	 * @param array    $pending        The consumed flow.
	 * @param array    $response       Shaped token response.
	 * @param string   $token_endpoint Token endpoint used.
	 * @param string   $api_base       API base.
	 */
	private function store( Provider $provider, array $pending, array $response, string $token_endpoint, string $api_base ): int {
		$granted  = ScopeComparison::granted( $response ) ?? $pending['scopes'];
		$previous = array_filter( $this->connections->all(), static fn( $c ) => $c['provider'] === $provider->id() );
		$id       = $this->connections->create(
			array(
				'provider'         => $provider->id(),
				'features'         => $pending['features'],
				'requested_scopes' => $pending['scopes'],
				'granted_scopes'   => $granted,
				'account_label'    => '',
				'token_endpoint'   => $token_endpoint,
				'api_base'         => $api_base,
			),
			array(
				'access_token'  => $response['access_token'],
				'refresh_token' => $response['refresh_token'] ?? null,
				'expires_at'    => TokenService::expires_at( $response ),
			)
		);
		// Reconnecting replaces the provider's old grant, once the new one is safely stored.
		foreach ( $previous as $old ) {
			$this->connections->delete( $old['id'] );
		}
		return $id;
	}

	/**
	 * Whether an RFC 9207 `iss` names the server we sent the administrator to.
	 *
	 * @param string   $issuer    Issuer from the callback.
	 * @param string[] $endpoints Authorize and token endpoint of this flow.
	 */
	private static function issuer_matches( string $issuer, array $endpoints ): bool {
		$origin = static function ( string $url ): string {
			$parts = wp_parse_url( $url );
			return is_array( $parts ) && isset( $parts['scheme'], $parts['host'] ) ? strtolower( $parts['scheme'] . '://' . $parts['host'] . ( isset( $parts['port'] ) ? ':' . $parts['port'] : '' ) ) : '';
		};
		return '' !== $origin( $issuer ) && in_array( $origin( $issuer ), array_map( $origin, $endpoints ), true );
	}

	/**
	 * The result code for a failed code exchange: a refused client ID or secret is a setting to
	 * fix, not a security refusal and not a reason to try again.
	 *
	 * @param HttpError $error What went wrong.
	 */
	private static function exchange_result( HttpError $error ): string {
		if ( 'invalid_client' === $error->oauth_error ) {
			return 'client_refused';
		}
		return HttpError::CONFIG === $error->kind ? 'config_error' : 'exchange_failed';
	}

	/**
	 * Audits a failed callback and returns its code.
	 *
	 * @param Provider $provider Provider.
	 * @param string   $code     Result code.
	 * @param string   $detail   Redacted detail.
	 */
	private function fail( Provider $provider, string $code, string $detail = '' ): string {
		$this->audit->record(
			'connection.failed',
			array(
				'provider' => $provider->id(),
				'result'   => 'access_denied' === $code ? 'refused' : 'failed',
				'reason'   => $code,
				'detail'   => $detail,
			)
		);
		return $code;
	}
}
