<?php
/**
 * What a provider's error answer means, in plain words.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Http;

defined( 'ABSPATH' ) || exit;

/**
 * Reads the documented error bodies — OAuth (`{"error": "invalid_grant"}`), Google
 * (`{"error": {"code", "message", "errors": [{"reason"}]}}`), Graph (`{"error": {"code",
 * "message"}}`) and Calendly (`{"title", "message"}`) — without trusting their types, and sorts
 * a failure into reconnect (AUTH_REVOKED), retry later (TRANSIENT) or fix a setting (CONFIG).
 */
final class ErrorForm {

	/** Google's reasons for "slow down" on a 403, as well as on a 429. */
	private const RATE_LIMITED = array( 'ratelimitexceeded', 'userratelimitexceeded', 'quotaexceeded', 'applicationthrottled' );

	/** The grant lacks a scope the call needs: reconnecting (and allowing it) fixes it. */
	private const MISSING_SCOPE = array( 'insufficientpermissions' );

	/**
	 * The parts of an error body that matter, each a string ('' when absent or not a string).
	 *
	 * @param string $body Response body.
	 * @return array{oauth: ?string, reason: string, message: string}
	 */
	public static function parse( string $body ): array {
		$json  = json_decode( $body, true );
		$json  = is_array( $json ) ? $json : array();
		$error = $json['error'] ?? null;
		$text  = static fn( $value ): string => is_string( $value ) ? $value : '';
		if ( ! is_array( $error ) ) {
			return array(
				'oauth'   => is_string( $error ) ? $error : null,
				'reason'  => $text( $json['title'] ?? null ), // Calendly.
				'message' => $text( $json['message'] ?? $json['error_description'] ?? null ),
			);
		}
		$first = is_array( $error['errors'] ?? null ) && is_array( $error['errors'][0] ?? null ) ? $error['errors'][0] : array();
		return array(
			'oauth'   => null,
			'reason'  => $text( $first['reason'] ?? null ) ?: $text( $error['code'] ?? null ) ?: $text( $error['status'] ?? null ),
			'message' => $text( $error['message'] ?? null ),
		);
	}

	/**
	 * The error for an HTTP status and its body.
	 *
	 * @param int      $status HTTP status (4xx or 5xx).
	 * @param string   $body   Response body.
	 * @param int|null $wait   Seconds from Retry-After.
	 */
	public static function error( int $status, string $body, ?int $wait ): HttpError {
		$form   = self::parse( $body );
		$oauth  = $form['oauth'];
		$reason = strtolower( $form['reason'] );
		$detail = self::detail( $status, $oauth ?? $form['reason'], $form['message'] );
		if ( 429 === $status || $status >= 500 || ( 403 === $status && in_array( $reason, self::RATE_LIMITED, true ) ) ) {
			/* translators: %s: HTTP status and the provider's reason */
			return new HttpError( HttpError::TRANSIENT, sprintf( __( 'The provider is busy or unavailable (%s). SyncWarden will retry.', 'syncwarden' ), $detail ), $status, $oauth, $wait );
		}
		if ( 401 === $status || 'invalid_grant' === $oauth || ( 403 === $status && in_array( $reason, self::MISSING_SCOPE, true ) ) ) {
			/* translators: %s: HTTP status and the provider's reason */
			return new HttpError( HttpError::AUTH_REVOKED, sprintf( __( 'The provider no longer accepts this connection or its permissions (%s). Reconnect it.', 'syncwarden' ), $detail ), $status, $oauth );
		}
		return new HttpError( HttpError::CONFIG, self::refusal( $status, null !== $oauth, $detail ), $status, $oauth );
	}

	/**
	 * The plain-words sentence for a refusal that no retry or reconnect fixes.
	 *
	 * @param int    $status HTTP status.
	 * @param bool   $oauth  Whether it came from the token endpoint.
	 * @param string $detail Status and reason.
	 */
	private static function refusal( int $status, bool $oauth, string $detail ): string {
		if ( $oauth ) {
			/* translators: %s: HTTP status and OAuth error */
			return sprintf( __( 'The provider refused the request (%s). Check the client ID, secret and redirect URI.', 'syncwarden' ), $detail );
		}
		return match ( $status ) {
			/* translators: %s: HTTP status and the provider's reason */
			403     => sprintf( __( 'The provider does not allow this for the connected account (%s). Check the account’s permissions or plan, or reconnect with another account.', 'syncwarden' ), $detail ),
			/* translators: %s: HTTP status and the provider's reason */
			404     => sprintf( __( 'The provider no longer has this calendar or item (%s). It may have been deleted, or the connection points at another account.', 'syncwarden' ), $detail ),
			/* translators: %s: HTTP status and the provider's reason */
			410     => sprintf( __( 'The provider forgot where the last sync stopped (%s); the next sync lists everything again.', 'syncwarden' ), $detail ),
			/* translators: %s: HTTP status and the provider's reason */
			default => sprintf( __( 'The provider refused the request as invalid (%s). This is a fault on SyncWarden’s side or in its settings; please report it.', 'syncwarden' ), $detail ),
		};
	}

	/**
	 * "HTTP 403, insufficientPermissions: Request had insufficient authentication scopes."
	 *
	 * @param int    $status  HTTP status.
	 * @param string $reason  Provider's reason or code.
	 * @param string $message Provider's message.
	 */
	private static function detail( int $status, string $reason, string $message ): string {
		$detail = 'HTTP ' . $status . ( '' !== $reason ? ', ' . $reason : '' );
		$message = trim( wp_strip_all_tags( $message ) );
		return '' === $message ? $detail : $detail . ': ' . mb_substr( $message, 0, 200 );
	}
}
