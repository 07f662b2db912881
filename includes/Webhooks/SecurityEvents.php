<?php
/**
 * Refused webhook requests: counted, audited, and raised to administrators when they come in bursts.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Webhooks;

use SyncWarden\Audit\AuditTrail;
use SyncWarden\Storage\Counters;
use SyncWarden\Storage\SubscriptionStore;

defined( 'ABSPATH' ) || exit;

/**
 * A flood must not turn into a flood of database rows: every refusal increments a per-connection
 * daily counter, but the audit log gets at most one `security_event` row per kind, connection and
 * minute (carrying the day's count). The context holds the kind, provider, connection and the
 * anonymised client address — never a body, header value or secret.
 *
 * Verification failures (not rate-limit hits, which a busy but honest sender can cause) also
 * count towards a burst: `threshold()` of them for one endpoint within ten minutes raise an
 * incident, which ForgedWebhookNotice shows to administrators until they dismiss it.
 */
final class SecurityEvents {

	public const AUDIT_EVENT       = 'security_event';
	public const THRESHOLD_OPTION  = 'syncwarden_forged_webhook_threshold';
	public const DEFAULT_THRESHOLD = 20;
	public const BURST_WINDOW      = 600;
	public const INCIDENTS_OPTION  = 'syncwarden_forged_webhooks';

	public const BAD_SIGNATURE      = 'bad_signature';
	public const MISSING_SIGNATURE  = 'missing_signature';
	public const STALE              = 'stale';
	public const FUTURE             = 'future';
	public const REPLAYED           = 'replayed';
	public const WRONG_TOKEN        = 'wrong_token';
	public const WRONG_CLIENT_STATE = 'wrong_client_state';
	public const UNKNOWN_ENDPOINT   = 'unknown_endpoint';
	public const RATE_LIMITED       = 'rate_limited';
	public const OVERSIZED          = 'oversized';

	/** Kinds that mean someone tried to pass verification, and so count towards a burst. */
	public const FORGED = array( self::BAD_SIGNATURE, self::MISSING_SIGNATURE, self::STALE, self::FUTURE, self::REPLAYED, self::WRONG_TOKEN, self::WRONG_CLIENT_STATE, self::UNKNOWN_ENDPOINT );

	private const INCIDENT_SHOWN_FOR = 7 * DAY_IN_SECONDS;

	/**
	 * Constructor.
	 *
	 * @param Counters          $counters Shared counters.
	 * @param SubscriptionStore $store    Where the last failure is shown from.
	 * @param AuditTrail        $audit    Audit trail.
	 */
	public function __construct(
		private readonly Counters $counters,
		private readonly SubscriptionStore $store,
		private readonly AuditTrail $audit
	) {
	}

	/**
	 * Refused requests of one kind within ten minutes that raise the "forged webhooks" notice.
	 */
	public static function threshold(): int {
		/**
		 * Filters how many failed webhook verifications for one endpoint within ten minutes
		 * raise the persistent "someone is sending forged webhooks" notice (option
		 * `syncwarden_forged_webhook_threshold`, default 20).
		 *
		 * @param int $threshold Refusals.
		 */
		return max( 1, (int) apply_filters( 'syncwarden_forged_webhook_threshold', (int) get_option( self::THRESHOLD_OPTION, self::DEFAULT_THRESHOLD ) ) );
	}

	/**
	 * Records one refused request.
	 *
	 * @param string   $kind          One of the kind constants.
	 * @param string   $provider      Provider id of the endpoint.
	 * @param int|null $connection_id Connection of the endpoint (null when unknown).
	 * @param string   $ip            Client address (stored anonymised only).
	 */
	public function record( string $kind, string $provider, ?int $connection_id, string $ip ): void {
		$now   = time();
		$scope = (string) ( $connection_id ?? 0 );
		$today = $this->counters->increment( 'sec|' . $scope . '|' . gmdate( 'Ymd', $now ), 2 * DAY_IN_SECONDS );
		if ( null !== $connection_id && self::RATE_LIMITED !== $kind ) {
			$this->store->record_activity(
				$connection_id,
				array(
					'last_failure_at'   => $now,
					'last_failure_kind' => $kind,
				)
			);
		}
		if ( $this->counters->claim( 'secaudit|' . $kind . '|' . $scope . '|' . intdiv( $now, 60 ), 120 ) ) {
			$this->audit->record(
				self::AUDIT_EVENT,
				array(
					'kind'          => $kind,
					'provider'      => $provider,
					'connection_id' => $connection_id,
					'ip'            => wp_privacy_anonymize_ip( $ip ),
					'refused_today' => $today,
					'result'        => 'refused',
				)
			);
		}
		// A burst means someone targets one of this site's live endpoints; requests to addresses
		// that belong to no connection (scanners, guesses) are logged but raise no notice.
		if ( null !== $connection_id && in_array( $kind, self::FORGED, true ) ) {
			$this->count_towards_burst( $provider, $connection_id, $now );
		}
	}

	/**
	 * Records a verification failure and returns the answer every such failure gets.
	 *
	 * @param string   $kind          Kind constant.
	 * @param string   $provider      Provider id of the endpoint.
	 * @param int|null $connection_id Connection (null for an unknown endpoint).
	 * @param string   $ip            Client address.
	 */
	public function refuse( string $kind, string $provider, ?int $connection_id, string $ip ): Outcome {
		$this->record( $kind, $provider, $connection_id, $ip );
		return Outcome::unverified();
	}

	/**
	 * Requests refused today for a connection's endpoint.
	 *
	 * @param int $connection_id Connection id.
	 */
	public function refused_today( int $connection_id ): int {
		return $this->counters->value( 'sec|' . $connection_id . '|' . gmdate( 'Ymd' ) );
	}

	/**
	 * Bursts raised within the last week, by connection id (0 = endpoints of unknown connections).
	 *
	 * @return array<int, array{provider: string, raised_at: int, count: int}>
	 */
	public function incidents(): array {
		$incidents = get_option( self::INCIDENTS_OPTION, array() );
		return array_filter( is_array( $incidents ) ? $incidents : array(), static fn( $incident ) => is_array( $incident ) && (int) ( $incident['raised_at'] ?? 0 ) > time() - self::INCIDENT_SHOWN_FOR );
	}

	/**
	 * Counts a verification failure; once the count reaches the threshold, one request per window
	 * (a claim decides which, even when parallel requests read the same count) raises the incident,
	 * so a flood writes it once.
	 *
	 * @param string   $provider      Provider id.
	 * @param int      $connection_id Connection id.
	 * @param int      $now           Time.
	 */
	private function count_towards_burst( string $provider, int $connection_id, int $now ): void {
		$window = intdiv( $now, self::BURST_WINDOW );
		$count  = $this->counters->increment( 'burst|' . $connection_id . '|' . $window, 2 * self::BURST_WINDOW );
		if ( $count < self::threshold() || ! $this->counters->claim( 'burst-raised|' . $connection_id . '|' . $window, 2 * self::BURST_WINDOW ) ) {
			return;
		}
		$incidents                   = $this->incidents();
		$incidents[ $connection_id ] = array(
			'provider'  => $provider,
			'raised_at' => $now,
			'count'     => $count,
		);
		update_option( self::INCIDENTS_OPTION, $incidents, false );
		$this->audit->record(
			self::AUDIT_EVENT,
			array(
				'kind'          => 'burst',
				'provider'      => $provider,
				'connection_id' => $connection_id,
				'count'         => $count,
				'minutes'       => self::BURST_WINDOW / 60,
				'result'        => 'refused',
			)
		);
	}
}
