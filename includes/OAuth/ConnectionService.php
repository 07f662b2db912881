<?php
/**
 * Connect, test and disconnect: the OAuth use cases behind the Connections tab.
 *
 * @package SyncWarden
 */

namespace SyncWarden\OAuth;

use SyncWarden\Audit\AuditTrail;
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
 * Authorization code + PKCE S256 + single-use state. Any failure in the callback stores nothing
 * and ends in a result code the settings screen explains in plain words.
 */
final class ConnectionService {

	public const RESULT_CONNECTED = 'connected';

	private readonly GrantStore $grants;

	/**
	 * Constructor.
	 *
	 * @param ProviderRegistry      $providers   Providers.
	 * @param CredentialsRepository $credentials Client credentials.
	 * @param ConnectionsRepository $connections Connections.
	 * @param StateStore            $states      Pending flows.
	 * @param TokenService          $tokens      Token exchange, API calls and revocation.
	 * @param AuditTrail            $audit       Audit trail.
	 * @param Lock                  $lock        Serialises connects of one provider.
	 */
	public function __construct(
		private readonly ProviderRegistry $providers,
		private readonly CredentialsRepository $credentials,
		private readonly ConnectionsRepository $connections,
		private readonly StateStore $states,
		private readonly TokenService $tokens,
		private readonly AuditTrail $audit,
		Lock $lock
	) {
		$this->grants = new GrantStore( $connections, $tokens, $lock, $audit );
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
		if ( false === CallbackUrl::accepted_by( $provider ) ) {
			// The provider documents that it refuses such an address: better said here than as its error page.
			/* translators: %s: provider name */
			throw new HttpError( HttpError::CONFIG, sprintf( __( '%s does not accept a sign-in return address with a query string, which this site has while its permalinks are plain. Choose any other setting under Settings → Permalinks, then connect.', 'syncwarden' ), $provider->label() ) ); // phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain text for logs and JSON; escaped where shown as HTML.
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
				'replaces' => $this->grants->current( $provider->id() ), // Detects a connect finished meanwhile.
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
		// Query values may be arrays (`state[]=…`): only a string is a state or a code.
		$pending = $this->states->consume( isset( $query['state'] ) && is_string( $query['state'] ) ? $query['state'] : null, $user_id, $provider->id() );
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
			if ( ! self::issuer_valid( $query['iss'] ?? null, $endpoints, $token_endpoint ) ) {
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
			$id = $this->grants->store( $provider, $pending, $response, $token_endpoint, $provider->api_base( $endpoints, $response ), array( $this, 'test' ), array( $this, 'disconnect' ) );
		} catch ( HttpError $e ) {
			return $this->fail( $provider, self::exchange_result( $e ), $e->getMessage() );
		} catch ( VaultException $e ) {
			return $this->fail( $provider, 'vault_unavailable', $e->getMessage() );
		}
		if ( is_string( $id ) ) {
			return $this->fail( $provider, $id );
		}
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
	 * Revokes remotely where the provider can, then always wipes the local tokens. A connection
	 * whose provider is no longer registered (a downgrade, a tampered row) is wiped without a
	 * remote call; on a copy of the site the live grant is left alone (TokenService refuses).
	 *
	 * @param int   $id    Connection id.
	 * @param array $facts More for the audit entry (what became of the bookings it imported).
	 * @return array{remote: string, message: string} remote: revoked, not_supported, skipped or failed.
	 */
	public function disconnect( int $id, array $facts = array() ): array {
		$connection = $this->connections->find( $id );
		$provider   = $this->providers->get( (string) ( $connection['provider'] ?? '' ) );
		$remote     = 'not_supported';
		$message    = null === $provider ? __( 'The tokens were deleted here. SyncWarden no longer knows this provider, so it could not revoke them there: remove the app’s access in your account at the provider.', 'syncwarden' ) : $provider->disconnect_advice();
		/**
		 * Fires before a connection's tokens are revoked and deleted, while they still work
		 * (push subscriptions are removed at the provider here).
		 *
		 * @param int $id Connection id.
		 */
		do_action( 'syncwarden_before_disconnect', $id );
		if ( null !== $provider && $provider->supports_revocation() ) {
			try {
				$this->tokens->revoke( $id );
				$remote = 'revoked';
			} catch ( HttpError | VaultException $e ) {
				$remote = $e instanceof HttpError && HttpError::SITE_COPY === $e->kind ? 'skipped' : 'failed';
				$message = 'skipped' === $remote
					? __( 'The tokens were deleted here only. This is a copy of the site the connection was made on, so its grant at the provider was left alone for the live site.', 'syncwarden' )
					/* translators: %s: error message */
					: sprintf( __( 'The tokens were deleted here, but the provider could not confirm the revocation (%s). Remove the app’s access in your account at the provider to be sure.', 'syncwarden' ), $e->getMessage() );
			}
		}
		$this->connections->delete( $id );
		$this->audit->record(
			'connection.disconnected',
			array(
				'provider'      => (string) ( $connection['provider'] ?? '' ),
				'connection_id' => $id,
				'remote'        => $remote,
				'result'        => 'failed' === $remote ? 'failed' : 'ok',
			) + $facts
		);
		return array(
			'remote'  => $remote,
			'message' => $message,
		);
	}

	/**
	 * The clone lock's override: an administrator confirms that this site, at its current
	 * address, is the live one; the connection's grant may be used from here again. Audited.
	 *
	 * @param int $id Connection id.
	 */
	public function confirm_site( int $id ): void {
		$this->connections->confirm_home( $id );
		$this->audit->record(
			'connection.site_confirmed',
			array(
				'connection_id' => $id,
				'home'          => home_url(),
			)
		);
	}

	/**
	 * Incident containment: disconnects every connection. One that fails does not stop the others.
	 *
	 * @return array<int, array{remote: string, message: string}> Outcome per connection id.
	 */
	public function revoke_all(): array {
		$outcomes = array();
		foreach ( $this->connections->all() as $connection ) {
			try {
				$outcomes[ $connection['id'] ] = $this->disconnect( $connection['id'] );
			} catch ( \Throwable $e ) {
				$this->connections->delete( $connection['id'] ); // Whatever failed, the tokens go.
				$outcomes[ $connection['id'] ] = array(
					'remote'  => 'failed',
					'message' => __( 'The tokens were deleted here, but revoking them at the provider failed. Remove the app’s access in your account at the provider to be sure.', 'syncwarden' ),
				);
			}
		}
		$this->audit->record( 'connection.revoked_all', array( 'count' => count( $outcomes ) ) );
		return $outcomes;
	}

	/**
	 * RFC 9207: where the provider identifies itself in its authorization responses (Google), `iss`
	 * is required and must be its issuer identifier exactly (section 2.4: simple string
	 * comparison). Elsewhere an `iss`, if sent, must at least name the server we sent the
	 * administrator to.
	 *
	 * @param mixed                 $iss            `iss` from the callback, if any.
	 * @param array<string, string> $endpoints      Resolved endpoints.
	 * @param string                $token_endpoint Token endpoint of this flow.
	 */
	private static function issuer_valid( $iss, array $endpoints, string $token_endpoint ): bool {
		if ( isset( $endpoints['issuer'] ) ) {
			return is_string( $iss ) && hash_equals( $endpoints['issuer'], $iss );
		}
		if ( null === $iss ) {
			return true;
		}
		$origin = static function ( string $url ): string {
			$parts = wp_parse_url( $url );
			return is_array( $parts ) && isset( $parts['scheme'], $parts['host'] ) ? strtolower( $parts['scheme'] . '://' . $parts['host'] . ( isset( $parts['port'] ) ? ':' . $parts['port'] : '' ) ) : '';
		};
		return is_string( $iss ) && '' !== $origin( $iss ) && in_array( $origin( $iss ), array_map( $origin, array( $endpoints['authorize'], $token_endpoint ) ), true );
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
