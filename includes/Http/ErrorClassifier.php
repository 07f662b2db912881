<?php
/**
 * Turns a provider's error answer into one of the kinds callers branch on, in plain words.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Http;

defined( 'ABSPATH' ) || exit;

/**
 * Reads the error codes of every body form SyncWarden's providers document — OAuth
 * (`error`), Google (`error.errors[].reason`, `error.status`), Microsoft Graph (`error.code`,
 * `error.innerError.code`), HubSpot (`category`, `subCategory`, `errors[].code`, and the
 * `"error":"CODE"` items HubSpot embeds in `message`) and Zoho CRM (`code`, `data[].code`) — and
 * decides: reconnect needed, transient (back off), a setting to fix, or a refusal of this one item.
 * The provider's own message is never passed on: it may quote the values that were refused.
 */
final class ErrorClassifier {

	/** Codes meaning "too many requests, try later", whatever the status says. */
	private const TRANSIENT = array( 'rateLimitExceeded', 'userRateLimitExceeded', 'quotaExceeded', 'backendError', 'RATE_LIMIT', 'RATE_LIMITS', 'TOO_MANY_REQUESTS', 'ApplicationThrottled', 'activityLimitReached', 'INTERNAL_ERROR', 'INTERNAL_SERVER_ERROR', 'ErrorServerBusy' );

	/**
	 * Codes meaning the grant no longer covers the call: reconnect (and consent again). Zoho
	 * answers a dead or revoked refresh token (and a used code) with `invalid_code`, with HTTP 200.
	 */
	private const AUTH = array( 'invalid_grant', 'invalid_code', 'BAD_REFRESH_TOKEN', 'BAD_AUTH_CODE', 'EXPIRED_AUTH_CODE', 'INVALID_TOKEN', 'AUTHENTICATION_FAILURE', 'OAUTH_SCOPE_MISMATCH', 'MISSING_SCOPES', 'insufficientPermissions', 'ACCESS_TOKEN_SCOPE_INSUFFICIENT', 'authError', 'InvalidAuthenticationToken' );

	/**
	 * HubSpot's token endpoint names a refused client ID in its own `status` form rather than
	 * RFC 6749's `invalid_client`; both mean the same setting to fix.
	 */
	private const CLIENT_REFUSED = array( 'invalid_client', 'BAD_CLIENT_ID' );

	/**
	 * Codes naming a setting or a request SyncWarden built, not the item: wrong endpoint, module or
	 * permission. Zoho's LIMIT_REACHED (400) is its fixed cap on search paging, not a rate limit:
	 * waiting never lifts it.
	 */
	private const CONFIG = array( 'INVALID_URL_PATTERN', 'INVALID_MODULE', 'INVALID_REQUEST_METHOD', 'LIMIT_REACHED', 'NO_PERMISSION', 'FEATURE_NOT_ENABLED', 'FEATURE_NOT_SUPPORTED', 'NOT_SUPPORTED', 'ErrorAccessDenied', 'forbiddenForNonOrganizer', 'requiredAccessLevel', 'MailboxNotEnabledForRESTAPI', 'ErrorItemNotFound', 'notFound', 'OBJECT_NOT_FOUND' );

	/** Statuses with which a provider refuses the request's content rather than the caller. */
	private const ITEM_STATUSES = array( 400, 409, 412, 413, 422 );

	/**
	 * The error for an HTTP error status. The message names the status and the provider's own
	 * error code (never its message, which may quote the values that were refused).
	 *
	 * @param int      $status Status.
	 * @param string   $body   Body.
	 * @param int|null $wait   Seconds the server asked us to wait.
	 */
	public static function classify( int $status, string $body, ?int $wait ): HttpError {
		$json   = json_decode( $body, true );
		$codes  = is_array( $json ) ? self::codes( $json ) : array();
		$code   = $codes[0] ?? null;
		$oauth  = self::oauth_code( $json, $code );
		$detail = 'HTTP ' . $status . ( null !== $code ? ', ' . $code : '' );
		if ( 429 === $status || $status >= 500 || array_intersect( $codes, self::TRANSIENT ) ) {
			/* translators: %s: HTTP status and the provider's error code */
			return new HttpError( HttpError::TRANSIENT, sprintf( __( 'The provider is busy or unavailable (%s). SyncWarden will retry.', 'syncwarden' ), $detail ), $status, $oauth, $wait, $code );
		}
		if ( 'invalid_client' === $oauth ) {
			// RFC 6749 §5.2: the client ID or secret is wrong, or sent the way this server does not
			// take. A setting to fix, not a grant to renew: reconnecting would fail the same way.
			/* translators: %s: HTTP status and the provider's error code */
			return new HttpError( HttpError::CONFIG, sprintf( __( 'The provider refused the client ID or secret (%s). Check them under Settings; reconnecting will not help until they are right.', 'syncwarden' ), $detail ), $status, $oauth, null, $code );
		}
		if ( 401 === $status || array_intersect( $codes, self::AUTH ) ) {
			/* translators: %s: HTTP status and the provider's error code */
			return new HttpError( HttpError::AUTH_REVOKED, sprintf( __( 'The provider no longer accepts this connection or its permissions (%s). Reconnect it.', 'syncwarden' ), $detail ), $status, $oauth, null, $code );
		}
		return new HttpError( HttpError::CONFIG, self::refusal( $status, null !== $oauth, $detail, $code ), $status, $oauth, null, $code );
	}

	/**
	 * The OAuth error code of a token-endpoint answer: RFC 6749's `error`, or HubSpot's own
	 * `status` code (e.g. BAD_REFRESH_TOKEN), with a refused client named `invalid_client` either way.
	 *
	 * @param mixed       $json Decoded body.
	 * @param string|null $code Most specific code in the body.
	 */
	private static function oauth_code( $json, ?string $code ): ?string {
		if ( in_array( $code, self::CLIENT_REFUSED, true ) ) {
			return 'invalid_client';
		}
		if ( is_array( $json ) && is_string( $json['error'] ?? null ) ) {
			return $json['error'];
		}
		return is_array( $json ) && null !== self::hubspot_token_status( $json ) ? $code : null;
	}

	/**
	 * HubSpot's token-endpoint code in `status` (`{"status":"BAD_REFRESH_TOKEN","message":…}`).
	 * Only an upper-case code counts: Zoho and HubSpot's older APIs put a plain `"error"` there.
	 *
	 * @param array $json Decoded body.
	 */
	private static function hubspot_token_status( array $json ): ?string {
		$status = $json['status'] ?? null;
		return is_string( $status ) && 1 === preg_match( '/^[A-Z][A-Z_]+$/', $status ) ? $status : null;
	}

	/**
	 * The same error seen from a call that sends one booking (an export): a refusal of the
	 * request's content is then a refusal of that booking's data, which retrying cannot change.
	 *
	 * @param HttpError $error Error from classify().
	 */
	public static function for_item( HttpError $error ): HttpError {
		$content = HttpError::CONFIG === $error->kind && null === $error->oauth_error && in_array( $error->status, self::ITEM_STATUSES, true ) && ! in_array( $error->provider_code, self::CONFIG, true );
		if ( ! $content ) {
			return $error;
		}
		/* translators: 1: HTTP status, 2: what the provider refused, in words */
		return new HttpError( HttpError::DATA, sprintf( __( 'The provider refused this booking (HTTP %1$d): %2$s. It is not retried automatically; correct the booking, then retry it.', 'syncwarden' ), (int) $error->status, self::data_reason( array_filter( array( $error->provider_code ) ) ) ), $error->status, null, null, $error->provider_code );
	}

	/**
	 * A refusal that is not about the grant, in words that say what to look at.
	 *
	 * @param int         $status Status.
	 * @param bool        $oauth  Whether the token endpoint answered (an OAuth error code).
	 * @param string      $detail HTTP status and the provider's code.
	 * @param string|null $code   The provider's code: some 404s are about the account, not an item.
	 */
	private static function refusal( int $status, bool $oauth, string $detail, ?string $code ): string {
		if ( $oauth ) {
			/* translators: %s: HTTP status and OAuth error code */
			return sprintf( __( 'The provider refused the request (%s). Check the client ID, secret and redirect URI under Settings.', 'syncwarden' ), $detail );
		}
		if ( 'MailboxNotEnabledForRESTAPI' === $code ) {
			/* translators: %s: HTTP status and the provider's error code */
			return sprintf( __( 'The provider cannot reach this account’s mailbox through its API (%s): the mailbox is not in Exchange Online, is inactive or has no licence for it. Connect an account whose mailbox is in Exchange Online.', 'syncwarden' ), $detail );
		}
		return match ( $status ) {
			/* translators: %s: HTTP status and the provider's error code */
			403     => sprintf( __( 'The provider does not allow this for the connected account (%s). Check the account’s permissions or plan, or reconnect with another account.', 'syncwarden' ), $detail ),
			/* translators: %s: HTTP status and the provider's error code */
			404     => sprintf( __( 'The provider no longer has this calendar or item (%s). It may have been deleted, or the connection points at another account.', 'syncwarden' ), $detail ),
			/* translators: %s: HTTP status and the provider's error code */
			410     => sprintf( __( 'The provider forgot where the last sync stopped (%s); the next sync lists everything again.', 'syncwarden' ), $detail ),
			/* translators: %s: HTTP status and the provider's error code */
			default => sprintf( __( 'The provider refused the request as invalid (%s). This is a fault on SyncWarden’s side or in its settings; please report it.', 'syncwarden' ), $detail ),
		};
	}

	/**
	 * What was refused, in words.
	 *
	 * @param string[] $codes Codes from the body.
	 */
	private static function data_reason( array $codes ): string {
		$reasons = array(
			'INVALID_EMAIL'                  => __( 'the customer’s e-mail address is not one it accepts', 'syncwarden' ),
			'PROPERTY_DOESNT_EXIST'          => __( 'a field SyncWarden sends does not exist in that account', 'syncwarden' ),
			'MANDATORY_NOT_FOUND'            => __( 'a field it requires is missing', 'syncwarden' ),
			'required'                       => __( 'a field it requires is missing', 'syncwarden' ),
			'DUPLICATE_DATA'                 => __( 'another record there already has the same unique value', 'syncwarden' ),
			'CONFLICT'                       => __( 'another record there already has the same unique value', 'syncwarden' ),
			'TimeZoneNotSupportedException'  => __( 'it does not support the booking’s time zone', 'syncwarden' ),
			'timeRangeEmpty'                 => __( 'the booking ends before it starts', 'syncwarden' ),
			'ErrorPropertyValidationFailure' => __( 'a value does not have the form it accepts', 'syncwarden' ),
		);
		foreach ( $codes as $code ) {
			if ( isset( $reasons[ $code ] ) ) {
				return $reasons[ $code ];
			}
		}
		return __( 'a value does not have the form it accepts', 'syncwarden' );
	}

	/**
	 * Every error code in a body, most specific first.
	 *
	 * @param array $json Decoded body.
	 * @return string[]
	 */
	private static function codes( array $json ): array {
		$error = is_array( $json['error'] ?? null ) ? $json['error'] : array();
		$codes = array_merge(
			array_column( self::rows( $error['errors'] ?? null ), 'reason' ),
			array( $error['innerError']['code'] ?? null, $error['code'] ?? null, $error['status'] ?? null, $json['error'] ?? null, self::hubspot_token_status( $json ) ),
			array_column( self::rows( $json['errors'] ?? null ), 'code' ),
			array_column( self::rows( $json['errors'] ?? null ), 'subCategory' ),
			array_column( self::rows( $json['data'] ?? null ), 'code' ),
			array( $json['subCategory'] ?? null, $json['code'] ?? null, $json['errorType'] ?? null, $json['title'] ?? null )
		);
		// HubSpot lists refused properties as JSON inside `message`: {"error":"INVALID_EMAIL",...}.
		if ( is_string( $json['message'] ?? null ) && preg_match_all( '/\\\\?"error\\\\?"\s*:\s*\\\\?"([A-Z_]+)/', $json['message'], $found ) ) {
			$codes = array_merge( $found[1], $codes );
		}
		$codes[] = $json['category'] ?? null;
		return array_values( array_unique( array_filter( $codes, static fn( $code ): bool => is_string( $code ) && '' !== $code ) ) );
	}

	/**
	 * The array items of a list, or none.
	 *
	 * @param mixed $list Decoded value.
	 * @return array<int, array>
	 */
	private static function rows( $list ): array {
		return is_array( $list ) ? array_values( array_filter( $list, 'is_array' ) ) : array();
	}
}
