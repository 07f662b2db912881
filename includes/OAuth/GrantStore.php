<?php
/**
 * Stores a new grant: one connection per provider, the same account kept, the replaced grant revoked.
 *
 * @package SyncWarden
 */

namespace SyncWarden\OAuth;

use SyncWarden\Audit\AuditTrail;
use SyncWarden\Http\HttpError;
use SyncWarden\Providers\Provider;
use SyncWarden\Providers\ScopeComparison;
use SyncWarden\Storage\ConnectionsRepository;
use SyncWarden\Storage\Lock;
use SyncWarden\Storage\VaultException;

defined( 'ABSPATH' ) || exit;

/**
 * Imported bookings and their links are keyed by connection id, so reconnecting the same account
 * must keep the connection's id: its row takes the new tokens. A different account is a new
 * source (the old connection is disconnected). Whatever grant is replaced is revoked, and a
 * connect started while another one finished in between (two tabs) is refused, its fresh grant
 * revoked, instead of silently replacing the other.
 */
final class GrantStore {

	public const RESULT_SUPERSEDED = 'connect_superseded';

	/**
	 * Constructor.
	 *
	 * @param ConnectionsRepository $connections Connections.
	 * @param TokenService          $tokens      Revocation at the provider.
	 * @param Lock                  $lock        Serialises connects of one provider.
	 * @param AuditTrail            $audit       Audit trail.
	 */
	public function __construct(
		private readonly ConnectionsRepository $connections,
		private readonly TokenService $tokens,
		private readonly Lock $lock,
		private readonly AuditTrail $audit
	) {
	}

	/**
	 * The provider's connection ids now, for the flow to carry (see store()).
	 *
	 * @param string $provider_id Provider id.
	 * @return int[]
	 */
	public function current( string $provider_id ): array {
		$ids = array();
		foreach ( $this->connections->all() as $connection ) {
			if ( $connection['provider'] === $provider_id ) {
				$ids[] = (int) $connection['id'];
			}
		}
		return $ids;
	}

	/**
	 * Stores the grant under the provider's connect lock.
	 *
	 * @param Provider $provider       Provider.
	 * @param array    $pending        The consumed flow (`replaces`: connection ids when it started).
	 * @param array    $response       Shaped token response.
	 * @param string   $token_endpoint Token endpoint used.
	 * @param string   $api_base       API base.
	 * @param callable $learn_account  Tests a stored connection, recording its account.
	 * @param callable $disconnect     Disconnects a replaced connection of another account.
	 * @return int|string Connection id, or RESULT_SUPERSEDED.
	 * @throws VaultException When the tokens cannot be stored.
	 */
	public function store( Provider $provider, array $pending, array $response, string $token_endpoint, string $api_base, callable $learn_account, callable $disconnect ): int|string {
		$tokens = array(
			'access_token'  => $response['access_token'],
			'refresh_token' => $response['refresh_token'] ?? null,
			'expires_at'    => TokenAnswer::expires_at( $response ),
		);
		$run    = $this->lock->with(
			'connect_' . $provider->id(),
			function () use ( $provider, $pending, $response, $token_endpoint, $api_base, $tokens, $learn_account, $disconnect ) {
				$previous = $this->current( $provider->id() );
				if ( array_key_exists( 'replaces', $pending ) && $previous !== array_map( 'intval', (array) $pending['replaces'] ) ) {
					return self::RESULT_SUPERSEDED; // Another connect finished since this one started.
				}
				$id = $this->connections->create(
					array(
						'provider'         => $provider->id(),
						'features'         => $pending['features'],
						'requested_scopes' => $pending['scopes'],
						'granted_scopes'   => ScopeComparison::granted( $response ) ?? $pending['scopes'],
						'account_label'    => '',
						'token_endpoint'   => $token_endpoint,
						'api_base'         => $api_base,
					),
					$tokens
				);
				$learn_account( $id );
				return $this->settle( $provider, $id, $previous, $disconnect );
			},
			15.0,
			120
		);
		if ( ! $run['acquired'] || self::RESULT_SUPERSEDED === $run['result'] ) {
			$this->revoke_quietly( $provider, $token_endpoint, $tokens, 'connection.concurrent_refused' );
			return self::RESULT_SUPERSEDED;
		}
		return $run['result'];
	}

	/**
	 * The same account keeps its connection (and so its bookings and links) with the new tokens;
	 * another account's connection is disconnected.
	 *
	 * @param Provider $provider   Provider.
	 * @param int      $id         The new connection.
	 * @param int[]    $previous   The provider's connections before it.
	 * @param callable $disconnect Disconnects a connection.
	 */
	private function settle( Provider $provider, int $id, array $previous, callable $disconnect ): int {
		$new  = $this->connections->find( $id );
		$kept = $id;
		foreach ( $previous as $old_id ) {
			$old = $this->connections->find( $old_id );
			if ( null === $old ) {
				continue;
			}
			if ( $kept === $id && self::same_account( $old, $new ) ) {
				$replaced = $this->replaced_tokens( $old_id );
				$this->connections->adopt_grant( $old_id, $id );
				$kept = $old_id;
				// On a copy of the site the replaced grant is the live site's: leave it (the clone lock).
				if ( null !== $replaced && ! $old['site_moved'] && ! $provider->revocation_ends_account_grant() ) {
					$this->revoke_quietly( $provider, (string) $old['token_endpoint'], $replaced, 'connection.replaced_grant_revoked' );
				}
				continue;
			}
			$disconnect( $old_id );
		}
		return $kept;
	}

	/**
	 * What identifies a connection's account at the provider: its account reference where it has
	 * one, else the account label it reports (an e-mail address or calendar name); null when it
	 * reported neither (then it matches no other connection).
	 *
	 * @param array $connection Public fields.
	 */
	public static function account_key( array $connection ): ?string {
		if ( '' !== (string) $connection['account_ref'] ) {
			return 'ref:' . $connection['account_ref'];
		}
		return '' === (string) $connection['account_label'] ? null : 'label:' . $connection['account_label'];
	}

	/**
	 * Whether two connections are the same account at the provider (see account_key()).
	 *
	 * @param array $old Public fields.
	 * @param array $new Public fields.
	 */
	private static function same_account( array $old, array $new ): bool {
		$key = self::account_key( $new );
		return null !== $key && self::account_key( $old ) === $key;
	}

	/**
	 * The tokens a connection holds, or null when no key opens them any more (nothing to revoke).
	 *
	 * @param int $id Connection id.
	 */
	private function replaced_tokens( int $id ): ?array {
		try {
			return $this->connections->tokens( $id );
		} catch ( VaultException $e ) {
			return null;
		}
	}

	/**
	 * Revokes a grant that is no longer stored; the outcome is audited, never fatal.
	 *
	 * @param Provider $provider       Provider.
	 * @param string   $token_endpoint Token endpoint of the grant.
	 * @param array    $tokens         Its tokens.
	 * @param string   $event          Audit event.
	 */
	private function revoke_quietly( Provider $provider, string $token_endpoint, array $tokens, string $event ): void {
		$remote = 'not_supported';
		if ( $provider->supports_revocation() ) {
			try {
				$this->tokens->revoke_tokens( $provider, $token_endpoint, $tokens );
				$remote = 'revoked';
			} catch ( HttpError | VaultException $e ) {
				$remote = 'failed';
			}
		}
		$this->audit->record(
			$event,
			array(
				'provider' => $provider->id(),
				'remote'   => $remote,
				'result'   => 'failed' === $remote ? 'failed' : 'ok',
			)
		);
	}
}
