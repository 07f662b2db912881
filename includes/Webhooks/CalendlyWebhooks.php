<?php
/**
 * Calendly deliveries: verified, fresh, unique, then applied as one booking change.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Webhooks;

use SyncWarden\Http\HttpError;
use SyncWarden\Http\JsonShape;
use SyncWarden\Providers\CalendlyWebhookApi;
use SyncWarden\Storage\ConnectionsRepository;
use SyncWarden\Storage\Counters;
use SyncWarden\Storage\CredentialsRepository;
use SyncWarden\Storage\Lock;
use SyncWarden\Storage\SubscriptionStore;
use SyncWarden\Storage\VaultException;
use SyncWarden\Sync\Importer;

defined( 'ABSPATH' ) || exit;

/**
 * `Calendly-Webhook-Signature: t=<unix>,v1=<hex>` where v1 is HMAC-SHA256 over `t + "." + raw body`
 * with the OAuth application's webhook signing key: Calendly generates one per OAuth app and signs
 * every delivery of the app's subscriptions with it (a subscription's own `signing_key` only counts
 * for personal access tokens). Without that key nothing can be verified, so every delivery is
 * refused and polling carries on alone. The order matters: the signature is checked on the raw
 * bytes before anything is parsed; a valid signature then proves `t`, so a stale or future `t`
 * is an old or tampered delivery; a signature seen before is a replay. Only then is the body
 * read, and the scheduled event applied through Importer::apply(), keyed by the event's UUID —
 * the same booking whether the webhook arrives twice or polling saw it first.
 */
final class CalendlyWebhooks {

	public const MAX_AGE     = 180;
	public const MAX_FUTURE  = 30;
	private const REPLAY_TTL = 600; // Longer than MAX_AGE + MAX_FUTURE: a replay cannot outlive its record.
	private const LOCK_WAIT  = 3.0; // Seconds a delivery waits for a running import; then a run brings the event in.

	/**
	 * Constructor.
	 *
	 * @param SubscriptionStore     $store       Signing keys.
	 * @param ConnectionsRepository $connections Connections (paused copies of a site apply nothing).
	 * @param Importer              $importer    Applies events idempotently.
	 * @param Counters              $counters    Replay store.
	 * @param SecurityEvents        $security    Refusals.
	 * @param CredentialsRepository $credentials The application's webhook signing key.
	 * @param Lock                  $lock        The import lock of a connection.
	 */
	public function __construct(
		private readonly SubscriptionStore $store,
		private readonly ConnectionsRepository $connections,
		private readonly Importer $importer,
		private readonly Counters $counters,
		private readonly SecurityEvents $security,
		private readonly CredentialsRepository $credentials,
		private readonly Lock $lock
	) {
	}

	/**
	 * Handles one delivery.
	 *
	 * @param int         $id        Connection id from the URL.
	 * @param string      $body      Raw request body.
	 * @param string|null $signature Calendly-Webhook-Signature header.
	 * @param string      $ip        Client address.
	 */
	public function handle( int $id, string $body, ?string $signature, string $ip ): Outcome {
		$endpoint = $this->store->endpoint( 'calendly', $id );
		if ( 'live' !== $endpoint ) {
			return 'retired' === $endpoint ? Outcome::retired() : $this->security->refuse( SecurityEvents::UNKNOWN_ENDPOINT, 'calendly', null, $ip );
		}
		$parsed = self::parse_signature( $signature );
		if ( null === $parsed ) {
			return $this->security->refuse( SecurityEvents::MISSING_SIGNATURE, 'calendly', $id, $ip );
		}
		try {
			$key = $this->credentials->webhook_signing_key( 'calendly' );
		} catch ( VaultException $e ) {
			$key = null;
		}
		if ( null === $key || '' === $key ) {
			// Never verify against an empty key: anyone could compute that HMAC.
			return new Outcome( 503, 'syncwarden_key_unavailable', __( 'This endpoint cannot verify deliveries: the Calendly webhook signing key is not set in SyncWarden’s settings.', 'syncwarden' ) );
		}
		$matched = self::matching_signature( $key, $parsed, $body );
		if ( null === $matched ) {
			return $this->security->refuse( SecurityEvents::BAD_SIGNATURE, 'calendly', $id, $ip );
		}
		$age = time() - $parsed['t'];
		if ( $age > self::MAX_AGE || $age < -self::MAX_FUTURE ) {
			return $this->security->refuse( $age > 0 ? SecurityEvents::STALE : SecurityEvents::FUTURE, 'calendly', $id, $ip );
		}
		$replay_key = 'replay|calendly|' . $id . '|' . $parsed['t'] . '|' . $matched;
		if ( ! $this->counters->claim( $replay_key, self::REPLAY_TTL ) ) {
			$this->security->record( SecurityEvents::REPLAYED, 'calendly', $id, $ip );
			return new Outcome( 409, 'syncwarden_webhook_replayed', __( 'This delivery was already received.', 'syncwarden' ) );
		}
		try {
			return $this->apply( $id, $body );
		} catch ( \Throwable $e ) {
			$this->counters->release( $replay_key ); // Nothing was applied: Calendly's retry must get through.
			throw $e;
		}
	}

	/**
	 * Reads a verified body and applies it.
	 *
	 * @param int    $id   Connection id.
	 * @param string $body Raw body.
	 */
	private function apply( int $id, string $body ): Outcome {
		try {
			$delivery = JsonShape::apply( json_decode( $body, true, 32, JSON_THROW_ON_ERROR ), CalendlyWebhookApi::delivery_shape(), 'delivery' );
			$lookup   = CalendlyWebhookApi::needs_lookup( $delivery );
			$event    = $lookup ? null : CalendlyWebhookApi::event( $delivery );
		} catch ( \JsonException $e ) {
			return Outcome::invalid( __( 'The delivery is not valid JSON.', 'syncwarden' ) );
		} catch ( HttpError $e ) {
			return Outcome::invalid( $e->getMessage() );
		}
		$this->store->record_activity( $id, array( 'last_delivery_at' => time() ) );
		if ( null === $event && ! $lookup ) {
			return Outcome::accepted( 'ignored' ); // An event type we did not subscribe to.
		}
		if ( ( $this->connections->find( $id )['site_moved'] ?? false ) ) {
			return Outcome::accepted( 'paused' ); // A copy of the site writes nothing until confirmed.
		}
		if ( $lookup ) {
			// Verified, but the event is named only by URI: refusing would make Calendly retry and
			// then disable the subscription, so the polling import fetches it instead.
			/** This action is documented in includes/Sync/Importer.php. */
			do_action( 'syncwarden_request_sync', $id );
			return Outcome::accepted( 'sync_requested' );
		}
		// Under the import lock, like a page of a run: a delivery and a run never both create a
		// booking for the same new event (the link's INSERT IGNORE would leave one orphaned).
		$applied = $this->lock->with( Importer::LOCK_PREFIX . $id, fn() => $this->importer->apply( $id, array( $event ) ), self::LOCK_WAIT, 60 );
		if ( ! $applied['acquired'] ) {
			// An import run holds the connection: it or the run asked for here brings the event in.
			/** This action is documented in includes/Sync/Importer.php. */
			do_action( 'syncwarden_request_sync', $id );
			return Outcome::accepted( 'sync_requested' );
		}
		return Outcome::accepted( 'applied', $applied['result'] );
	}

	/**
	 * `t=…,v1=…[,v1=…]` split into its time and candidate signatures, or null when malformed.
	 *
	 * @param string|null $header Header value.
	 * @return array{t: int, v1: string[]}|null
	 */
	private static function parse_signature( ?string $header ): ?array {
		if ( null === $header || strlen( $header ) > 1024 ) {
			return null;
		}
		$time       = null;
		$signatures = array();
		foreach ( explode( ',', $header ) as $part ) {
			[ $name, $value ] = array_map( 'trim', explode( '=', $part, 2 ) ) + array( '', '' );
			if ( 't' === $name && preg_match( '/^\d{1,12}$/', $value ) ) {
				$time = (int) $value;
			} elseif ( 'v1' === $name && preg_match( '/^[0-9a-f]{64}$/i', $value ) ) {
				$signatures[] = strtolower( $value );
			}
		}
		return null === $time || ! $signatures ? null : array(
			't'  => $time,
			'v1' => $signatures,
		);
	}

	/**
	 * The candidate signature that matches, compared in constant time; null when none does.
	 *
	 * @param string $key    Signing key.
	 * @param array  $parsed Parsed header.
	 * @param string $body   Raw body.
	 */
	private static function matching_signature( string $key, array $parsed, string $body ): ?string {
		$expected = hash_hmac( 'sha256', $parsed['t'] . '.' . $body, $key );
		$matched  = null;
		foreach ( $parsed['v1'] as $candidate ) {
			if ( hash_equals( $expected, $candidate ) ) {
				$matched = $candidate; // No early exit: every candidate costs the same.
			}
		}
		return $matched;
	}
}
