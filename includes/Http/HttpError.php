<?php
/**
 * Typed, already-redacted failure of an outbound call.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Http;

use SyncWarden\Audit\Redactor;

defined( 'ABSPATH' ) || exit;

/**
 * What callers branch on: AUTH_REVOKED means reconnect, TRANSIENT means back off and retry later
 * (never disconnect), INVALID_RESPONSE means the other side sent something we refuse to use,
 * CONFIG means an administrator must fix a setting (endpoint, certificate, client credentials),
 * DATA means the provider refused this one item (a booking's values): retrying the same item
 * cannot help, other items are unaffected. SITE_COPY means the call was refused before it was
 * made: this database is a copy (staging, a restored backup) of the site the connection belongs
 * to, and acting on the live grant from here would break the live site.
 */
final class HttpError extends \RuntimeException {

	public const AUTH_REVOKED     = 'auth_revoked';
	public const TRANSIENT        = 'transient';
	public const INVALID_RESPONSE = 'invalid_response';
	public const CONFIG           = 'config';
	public const DATA             = 'data';
	public const SITE_COPY        = 'site_copy';

	/**
	 * Codes with which a provider's 404 says the request could not be served at all (a URL or
	 * module SyncWarden built, a mailbox without REST access), not that the item is gone: reading
	 * such an answer as "already deleted" would cancel bookings or create duplicates.
	 */
	private const NOT_SERVED = array( 'INVALID_URL_PATTERN', 'INVALID_MODULE', 'MailboxNotEnabledForRESTAPI' );

	/**
	 * Constructor.
	 *
	 * @param string      $kind        One of the constants.
	 * @param string      $message     Explanation (redacted here, whatever the caller passed).
	 * @param int|null    $status      HTTP status, when there was a response.
	 * @param string|null $oauth_error OAuth `error` code (invalid_grant, access_denied...).
	 * @param int|null    $retry_after Seconds the server asked us to wait.
	 * @param string|null $provider_code The provider's own error code (INVALID_EMAIL, DUPLICATE_DATA...).
	 */
	public function __construct(
		public readonly string $kind,
		string $message,
		public readonly ?int $status = null,
		public readonly ?string $oauth_error = null,
		public readonly ?int $retry_after = null,
		public readonly ?string $provider_code = null
	) {
		parent::__construct( Redactor::redact_text( $message ) );
	}

	/**
	 * Whether the provider said the item asked for (an event, a subscription, a record) no longer
	 * exists: 404 or 410, unless its own code says the request itself could not be served.
	 */
	public function item_gone(): bool {
		return in_array( $this->status, array( 404, 410 ), true ) && ! in_array( $this->provider_code, self::NOT_SERVED, true );
	}
}
