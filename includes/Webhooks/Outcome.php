<?php
/**
 * What a webhook handler answers.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Webhooks;

defined( 'ABSPATH' ) || exit;

/**
 * Transport-neutral: the REST layer turns it into a response. Refusals carry one generic message
 * whatever the reason (the reason is recorded as a security event, not told to the sender).
 */
final class Outcome {

	/**
	 * Constructor.
	 *
	 * @param int         $status      HTTP status.
	 * @param string      $code        Machine-readable code.
	 * @param string      $message     Message for the sender.
	 * @param array       $data        Extra response fields (counts; never a secret).
	 * @param string|null $plain_text  Answer as text/plain instead of JSON (Graph's handshake).
	 * @param int|null    $retry_after Seconds, for a Retry-After header.
	 */
	public function __construct(
		public readonly int $status,
		public readonly string $code,
		public readonly string $message,
		public readonly array $data = array(),
		public readonly ?string $plain_text = null,
		public readonly ?int $retry_after = null
	) {
	}

	/**
	 * Accepted and handled.
	 *
	 * @param string $code Code, e.g. applied or sync_requested.
	 * @param array  $data Extra fields.
	 * @param int    $status 200, or 202 where the provider expects it.
	 */
	public static function accepted( string $code, array $data = array(), int $status = 200 ): self {
		return new self( $status, $code, __( 'Received.', 'syncwarden' ), $data );
	}

	/**
	 * Refused because the request could not be verified (signature, token, time, replay, endpoint).
	 */
	public static function unverified(): self {
		return new self( 401, 'syncwarden_webhook_unverified', __( 'This request could not be verified and was ignored.', 'syncwarden' ) );
	}

	/**
	 * The endpoint belonged to a connection that was removed; its provider may still deliver
	 * until its subscription runs out. 410 tells it to stop (and is no security event).
	 */
	public static function retired(): self {
		return new self( 410, 'syncwarden_endpoint_retired', __( 'This endpoint no longer accepts deliveries.', 'syncwarden' ) );
	}

	/**
	 * Refused: a request that was verified (or needs no verification) but cannot be read.
	 *
	 * @param string $message What is wrong.
	 */
	public static function invalid( string $message ): self {
		return new self( 400, 'syncwarden_webhook_invalid', $message );
	}
}
