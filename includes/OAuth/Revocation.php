<?php
/**
 * RFC 7009 revocation of one grant's tokens, for Disconnect and for a grant a reconnect replaces.
 *
 * @package SyncWarden
 */

namespace SyncWarden\OAuth;

use SyncWarden\Http\HttpClient;
use SyncWarden\Http\HttpError;
use SyncWarden\Providers\Endpoints;
use SyncWarden\Providers\Provider;
use SyncWarden\Storage\VaultException;

defined( 'ABSPATH' ) || exit;

/**
 * Revokes the refresh token (which ends the grant), else the access token, at the provider's
 * revocation endpoint for the connection's own token endpoint (Zoho: its data centre, re-checked).
 */
final class Revocation {

	/**
	 * Constructor.
	 *
	 * @param TokenService $tokens Client authentication for the request.
	 * @param HttpClient   $http   Hardened client.
	 */
	public function __construct(
		private readonly TokenService $tokens,
		private readonly HttpClient $http
	) {
	}

	/**
	 * Revokes a grant.
	 *
	 * @param Provider $provider       Provider.
	 * @param string   $token_endpoint The token endpoint the grant was issued by.
	 * @param array    $tokens         access_token and refresh_token (nullable).
	 * @throws HttpError|VaultException On failure.
	 */
	public function revoke( Provider $provider, string $token_endpoint, array $tokens ): void {
		$revoke  = $provider->connection_endpoint( 'revoke', Endpoints::resolve( $provider ), $token_endpoint );
		$refresh = $tokens['refresh_token'] ?? null;
		$request = $this->tokens->client_request(
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
			throw new HttpError( HttpError::INVALID_RESPONSE, __( 'the provider answered without confirming that access was removed', 'syncwarden' ) );
		}
	}
}
