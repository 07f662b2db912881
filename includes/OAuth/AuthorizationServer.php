<?php
/**
 * The provider's authorization server: token requests and revocations, client authenticated.
 *
 * @package SyncWarden
 */

namespace SyncWarden\OAuth;

use SyncWarden\Http\ClientAuthentication;
use SyncWarden\Http\ErrorClassifier;
use SyncWarden\Http\HttpClient;
use SyncWarden\Http\HttpError;
use SyncWarden\Providers\Endpoints;
use SyncWarden\Providers\Provider;
use SyncWarden\Providers\ProviderRegistry;
use SyncWarden\Storage\CredentialsRepository;
use SyncWarden\Storage\VaultException;

defined( 'ABSPATH' ) || exit;

/**
 * What goes over the wire to a token or revocation endpoint, and nothing about connections:
 * TokenService decides when to ask and stores what comes back. Each provider's documented
 * client authentication (HTTP Basic, form body, or none) is applied per endpoint, and the client
 * secret only ever goes to the endpoint's own host.
 */
final class AuthorizationServer {

	/**
	 * Constructor.
	 *
	 * @param HttpClient            $http        Hardened client.
	 * @param CredentialsRepository $credentials Client credentials.
	 * @param ProviderRegistry      $providers   How each provider authenticates the client.
	 */
	public function __construct(
		private readonly HttpClient $http,
		private readonly CredentialsRepository $credentials,
		private readonly ProviderRegistry $providers
	) {}

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
				) + TokenAnswer::SHAPE,
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
	private function client_request( string $provider_id, string $endpoint, array $form ): array {
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
	 * Revokes the refresh token (which ends the grant), else the access token, at the revocation
	 * endpoint for the grant's own token endpoint (Zoho: its data centre, re-checked now). For a
	 * grant this site holds but no connection stores (one a reconnect replaced or refused);
	 * TokenService::revoke() is the way for a connection's own.
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
}
