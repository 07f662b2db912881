<?php
/**
 * Zoho CRM.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Providers;

use SyncWarden\Http\HttpError;
use SyncWarden\Http\ClientAuthentication;

defined( 'ABSPATH' ) || exit;

/**
 * Zoho serves each account from a data centre; the callback's `accounts-server` and the token
 * response's `api_domain` name it. Both are accepted only from Zoho's published list, or the
 * configured (test) endpoint itself: an unchecked value would send the client secret anywhere.
 * The accounts servers are those of Zoho's multi-DC OAuth page (the United Kingdom included,
 * which the CRM SDK does not list yet); an API domain is only ever used when the token answer of
 * one of those servers names it.
 */
final class ZohoProvider implements ExportTarget {

	public const ACCOUNTS_SERVERS = array(
		'https://accounts.zoho.com',
		'https://accounts.zoho.eu',
		'https://accounts.zoho.in',
		'https://accounts.zoho.com.au',
		'https://accounts.zoho.jp',
		'https://accounts.zoho.com.cn',
		'https://accounts.zohocloud.ca',
		'https://accounts.zoho.sa',
		'https://accounts.zoho.uk',
	);

	public const API_DOMAINS = array(
		'https://www.zohoapis.com',
		'https://www.zohoapis.eu',
		'https://www.zohoapis.in',
		'https://www.zohoapis.com.au',
		'https://www.zohoapis.jp',
		'https://www.zohoapis.com.cn',
		'https://www.zohoapis.ca',
		'https://www.zohoapis.sa',
		'https://www.zohoapis.uk',
	);

	public function id(): string {
		return 'zoho';
	}

	public function label(): string {
		return __( 'Zoho CRM', 'syncwarden' );
	}

	public function console_url(): string {
		return 'https://api-console.zoho.com/';
	}

	public function default_endpoints(): array {
		return array(
			'authorize' => 'https://accounts.zoho.com/oauth/v2/auth',
			'token'     => 'https://accounts.zoho.com/oauth/v2/token',
			'revoke'    => 'https://accounts.zoho.com/oauth/v2/token/revoke',
			'api_base'  => 'https://www.zohoapis.com',
		);
	}

	public function feature_scopes(): array {
		// Search (READ), insert (CREATE) and update (UPDATE) of the Contacts module.
		return array( 'export' => array( 'ZohoCRM.modules.contacts.CREATE', 'ZohoCRM.modules.contacts.READ', 'ZohoCRM.modules.contacts.UPDATE' ) );
	}

	public function base_scopes(): array {
		return array( 'ZohoCRM.users.READ' );
	}

	public function authorize_params(): array {
		return array(
			'access_type' => 'offline',
			'prompt'      => 'consent',
		);
	}

	public function format_scopes( array $scopes ): string {
		return implode( ',', $scopes ); // Zoho separates scopes with commas.
	}

	public function token_endpoint( array $endpoints, array $callback ): string {
		if ( ! isset( $callback['accounts-server'] ) ) {
			return $endpoints['token'];
		}
		$server = is_string( $callback['accounts-server'] ) ? untrailingslashit( $callback['accounts-server'] ) : '';
		if ( ! in_array( $server, self::allowed( self::ACCOUNTS_SERVERS, $endpoints['token'] ), true ) ) {
			// phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain text for logs and JSON; escaped where shown as HTML.
			throw new HttpError( HttpError::CONFIG, __( 'Zoho sent the connection back from an accounts server that is not one of Zoho’s data centres; it was refused and nothing was stored.', 'syncwarden' ) );
		}
		return $server . '/oauth/v2/token';
	}

	/**
	 * Refresh and revoke at the accounts server of the connection's data centre (a grant lives
	 * only there: revoking an EU grant at the US server leaves it alive). The stored server is
	 * checked against the allowlist again at every use.
	 *
	 * @param string                $kind           `token` or `revoke`.
	 * @param array<string, string> $endpoints      Resolved endpoints.
	 * @param string                $token_endpoint Stored token endpoint.
	 * @throws HttpError CONFIG for a server outside the allowlist.
	 */
	public function connection_endpoint( string $kind, array $endpoints, string $token_endpoint ): string {
		$parts  = wp_parse_url( $token_endpoint );
		$server = is_array( $parts ) && isset( $parts['scheme'], $parts['host'] ) && ! isset( $parts['user'] ) ? $parts['scheme'] . '://' . $parts['host'] . ( isset( $parts['port'] ) ? ':' . $parts['port'] : '' ) : '';
		$origin = self::allowed( array(), $endpoints['token'] )[0] ?? '';
		if ( $server === $origin ) {
			return $endpoints[ $kind ]; // The configured server itself (the US default, or a local peer).
		}
		if ( ! in_array( $server, self::ACCOUNTS_SERVERS, true ) ) {
			// phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain text for logs and JSON; escaped where shown as HTML.
			throw new HttpError( HttpError::CONFIG, __( 'This Zoho connection names an accounts server that is not one of Zoho’s data centres; SyncWarden refused to send anything there. Disconnect and connect again.', 'syncwarden' ) );
		}
		return $server . ( 'revoke' === $kind ? '/oauth/v2/token/revoke' : '/oauth/v2/token' );
	}

	public function api_base( array $endpoints, array $token_response ): string {
		$domain = untrailingslashit( (string) ( $token_response['api_domain'] ?? $endpoints['api_base'] ) );
		if ( $domain === untrailingslashit( $endpoints['api_base'] ) ) {
			return $endpoints['api_base'];
		}
		if ( ! in_array( $domain, self::API_DOMAINS, true ) ) {
			// phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain text for logs and JSON; escaped where shown as HTML.
			throw new HttpError( HttpError::CONFIG, __( 'Zoho named an API domain that is not one of Zoho’s data centres; the connection was refused.', 'syncwarden' ) );
		}
		return $domain;
	}

	/**
	 * Zoho answers a revocation with HTTP 200 either way; only `{"status": "success"}` means the
	 * grant is gone (the zohocrm SDKs' OAuthToken::revoke reads exactly this). Anything else, such
	 * as the `{"error": …}` of a token this accounts server does not hold, is no confirmation.
	 */
	public function revocation_answer_shape(): ?array {
		return array(
			'status' => '?string',
			'error'  => '?string',
		);
	}

	/**
	 * Only `status: success` confirms (see revocation_answer_shape()).
	 *
	 * @param array $answer Shaped answer body.
	 */
	public function revocation_confirmed( array $answer ): bool {
		return 'success' === ( $answer['status'] ?? null );
	}

	/**
	 * The connection's data-centre API domain, re-checked against the allowlist at every use.
	 *
	 * @param array<string, string> $endpoints Resolved endpoints.
	 * @param string                $stored    Stored API base.
	 * @throws HttpError CONFIG for a domain outside the allowlist.
	 */
	public function connection_api_base( array $endpoints, string $stored ): string {
		$domain = untrailingslashit( $stored );
		if ( $domain === untrailingslashit( $endpoints['api_base'] ) ) {
			return $endpoints['api_base'];
		}
		if ( ! in_array( $domain, self::API_DOMAINS, true ) ) {
			throw new HttpError( HttpError::CONFIG, __( 'This Zoho connection names an API domain that is not one of Zoho’s data centres; SyncWarden refused to send anything there. Disconnect and connect again.', 'syncwarden' ) );
		}
		return $domain;
	}

	/**
	 * Zoho CRM documents `Authorization: Zoho-oauthtoken <access token>` for every API call
	 * (the official SDKs' OAUTH_HEADER_PREFIX).
	 */
	public function authorization_scheme(): string {
		return 'Zoho-oauthtoken';
	}

	public function test_request(): array {
		return array(
			'path'  => '/crm/v6/users?type=CurrentUser',
			'shape' => array(
				'users' => array(
					array(
						'email'     => 'string',
						'full_name' => '?string',
					),
				),
			),
		);
	}

	public function account_label( array $data ): string {
		return $data['users'][0]['email'] ?? __( 'Zoho account', 'syncwarden' );
	}

	public function account_ref( array $data ): string {
		return '';
	}

	public function sharable_fields(): array {
		return BookingFormat::CONTACT_FIELDS;
	}

	public function map_booking( array $shared ): array {
		[ $first, $last ] = BookingFormat::split_name( $shared['customer_name'] ?? '' );
		// No stand-in for Last_Name here: an update must never overwrite a contact's real name.
		return array(
			'data' => array(
				array_filter(
					array(
						'Email'      => $shared['customer_email'] ?? '',
						'First_Name' => $first,
						'Last_Name'  => $last,
						'Phone'      => $shared['customer_phone'] ?? '',
					),
					'strlen'
				),
			),
		);
	}

	/**
	 * Zoho CRM v8 Records API. The contact is first searched by e-mail (find_exported, before
	 * every first create), so a known contact is updated with what is shared — Last_Name is
	 * mandatory only when a record is inserted — and an insert, the only call that needs it, gets
	 * a neutral stand-in when the customer's name is not shared.
	 *
	 * @param string      $operation   create, update or cancel.
	 * @param array       $payload     Body from PayloadBuilder.
	 * @param string|null $external_id Zoho record id.
	 */
	public function export_request( string $operation, array $payload, ?string $external_id ): ?array {
		$shape = array( 'data' => array( array( 'details' => array( 'id' => 'string' ) ) ) );
		if ( 'update' === $operation ) {
			return BookingFormat::request( 'PUT', '/crm/v8/Contacts/' . rawurlencode( (string) $external_id ), $payload, $shape );
		}
		if ( 'create' !== $operation ) {
			return null; // A cancelled booking does not delete the contact.
		}
		$payload['data'][0] += array( 'Last_Name' => __( 'Booking contact', 'syncwarden' ) );
		return BookingFormat::request( 'POST', '/crm/v8/Contacts', $payload, $shape );
	}

	public function exported_id( array $response ): string {
		return $response['data'][0]['details']['id'];
	}

	public function find_exported( int $booking_id, array $payload ): ?array {
		return array(
			// Zoho answers 204 (no body) when nothing matches.
			'path'          => '/crm/v8/Contacts/search?email=' . rawurlencode( (string) ( $payload['data'][0]['Email'] ?? '' ) ),
			'shape'         => array( 'data' => array( array( 'id' => 'string' ) ) ),
			'id'            => static fn( array $found ): ?string => $found['data'][0]['id'] ?? null,
			'before_create' => true,
		);
	}

	/**
	 * Zoho wants "the same URI which is provided when registering the app" and says nothing of a
	 * query string in it (docs/provider-conformance.md, Zoho redirect URI row): not settled.
	 */
	public function accepts_query_in_redirect_uri(): ?bool {
		return null;
	}

	/**
	 * Zoho's scope names are matched without regard to case (its docs spell them both ways).
	 *
	 * @param string[] $requested Scopes asked for.
	 * @param string[] $granted   Scopes granted.
	 * @return array{missing: string[], extra: string[]}
	 */
	public function compare_scopes( array $requested, array $granted ): array {
		return ScopeComparison::compare( $requested, $granted, 'strtolower' );
	}

	/**
	 * Zoho's token call takes client_id and client_secret as parameters; its revoke call takes the
	 * refresh token alone (Zoho's "Revoking a refresh token" page, and the zohocrm SDKs'
	 * OAuthToken::revokeRefreshToken(), which posts only `token`).
	 *
	 * @param string $endpoint `token` or `revoke`.
	 */
	public function client_authentication( string $endpoint ): string {
		return 'revoke' === $endpoint ? ClientAuthentication::NONE : ClientAuthentication::POST;
	}

	public function supports_revocation(): bool {
		return true;
	}

	public function revocation_ends_account_grant(): bool {
		return false; // Each authorization is its own grant with its own refresh token.
	}

	public function disconnect_advice(): string {
		return __( 'Zoho revoked the refresh token; the app no longer has access to your CRM.', 'syncwarden' );
	}

	/**
	 * The published list plus the configured endpoint's own origin (tests point it at a local peer).
	 *
	 * @param string[] $published Zoho's hosts.
	 * @param string   $configured A configured endpoint URL.
	 * @return string[]
	 */
	private static function allowed( array $published, string $configured ): array {
		$parts = wp_parse_url( $configured );
		if ( ! is_array( $parts ) || ! isset( $parts['host'] ) ) {
			return $published; // Resolved endpoints always parse; nothing else is trusted.
		}
		return array_merge( $published, array( 'https://' . $parts['host'] . ( isset( $parts['port'] ) ? ':' . $parts['port'] : '' ) ) );
	}
}
