<?php
/**
 * How the client proves itself at a provider's token and revocation endpoints.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Http;

defined( 'ABSPATH' ) || exit;

/**
 * RFC 6749 §2.3.1: `client_secret_basic` (HTTP Basic, id and secret form-encoded first) or
 * `client_secret_post` (both in the form body) — never both at once — or, for an endpoint whose
 * provider documents the token alone, `none` (RFC 7591's name): the client secret is not sent
 * where nobody asked for it. Each provider names the one its documentation uses
 * (Provider::client_authentication()).
 */
final class ClientAuthentication {

	public const BASIC = 'client_secret_basic';
	public const POST  = 'client_secret_post';
	public const NONE  = 'none';

	/**
	 * The form and headers of a token or revocation request.
	 *
	 * @param string $method    BASIC, POST or NONE.
	 * @param string $client_id Client id.
	 * @param string $secret    Client secret.
	 * @param array  $form      Grant or revocation parameters.
	 * @return array{form: array, headers: array<string, string>}
	 */
	public static function request( string $method, string $client_id, string $secret, array $form ): array {
		if ( self::NONE === $method ) {
			return array(
				'form'    => $form,
				'headers' => array(),
			);
		}
		if ( self::BASIC === $method ) {
			return array(
				'form'    => $form,
				'headers' => array( 'Authorization' => 'Basic ' . base64_encode( urlencode( $client_id ) . ':' . urlencode( $secret ) ) ),
			);
		}
		return array(
			'form'    => $form + array(
				'client_id'     => $client_id,
				'client_secret' => $secret,
			),
			'headers' => array(),
		);
	}
}
