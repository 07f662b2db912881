<?php
/**
 * A provider's answer from its token endpoint.
 *
 * @package SyncWarden
 */

namespace SyncWarden\OAuth;

defined( 'ABSPATH' ) || exit;

/**
 * The fields SyncWarden reads from a token answer (RFC 6749 section 5.1, plus the providers'
 * own), and the expiry it implies.
 */
final class TokenAnswer {

	public const SHAPE = array(
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
	 * Expiry time from a token response.
	 *
	 * @param array $response Shaped token response.
	 */
	public static function expires_at( array $response ): ?int {
		return isset( $response['expires_in'] ) ? time() + (int) $response['expires_in'] : null;
	}
}
