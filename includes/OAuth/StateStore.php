<?php
/**
 * OAuth `state`: random, single-use, bound to one administrator and one provider, 10-minute life.
 *
 * @package SyncWarden
 */

namespace SyncWarden\OAuth;

use SyncWarden\Storage\Vault;
use SyncWarden\Storage\VaultException;

defined( 'ABSPATH' ) || exit;

/**
 * Only a hash of the state is stored (as the option name), so a database reader cannot complete
 * someone's flow; the PKCE verifier stored with it is encrypted. Consuming deletes the row first:
 * of two requests with the same state, only the one whose delete succeeded may continue.
 */
final class StateStore {

	public const TTL = 600;

	private const PREFIX = 'syncwarden_oauth_state_';

	public const ERROR_MISSING  = 'state_missing';
	public const ERROR_UNKNOWN  = 'state_invalid';
	public const ERROR_EXPIRED  = 'state_expired';
	public const ERROR_FOREIGN  = 'state_foreign';
	public const ERROR_PROVIDER = 'state_provider';

	/**
	 * Constructor.
	 *
	 * @param Vault $vault Encrypts the PKCE verifier.
	 */
	public function __construct( private readonly Vault $vault ) {
	}

	/**
	 * Starts a flow and returns the state to send.
	 *
	 * @param int   $user_id  Administrator starting the flow.
	 * @param array $pending  provider, features, scopes, verifier; replaces (the provider's
	 *                        connection ids when the flow started).
	 * @throws VaultException When the verifier cannot be encrypted.
	 */
	public function create( int $user_id, array $pending ): string {
		$this->delete_expired();
		$state = Pkce::base64url( random_bytes( 32 ) );
		$hash  = self::hash( $state );
		add_option(
			self::PREFIX . $hash,
			array(
				'user_id'    => $user_id,
				'provider'   => $pending['provider'],
				'features'   => $pending['features'],
				'scopes'     => $pending['scopes'],
				'replaces'   => array_map( 'intval', (array) ( $pending['replaces'] ?? array() ) ),
				'verifier'   => $this->vault->encrypt( $pending['verifier'], 'oauth_state:' . $hash . ':code_verifier' ),
				'expires_at' => time() + self::TTL,
			),
			'',
			false
		);
		return $state;
	}

	/**
	 * Takes a state out of the store; it can never be used again, whatever the outcome.
	 *
	 * @param string|null $state    State from the callback.
	 * @param int         $user_id  Administrator the callback came from.
	 * @param string      $provider Provider of the callback URL.
	 * @return array{provider: string, features: string[], scopes: string[], verifier: string, replaces?: int[]}|string
	 *         The pending flow, or an ERROR_* code.
	 */
	public function consume( ?string $state, int $user_id, string $provider ): array|string {
		if ( null === $state || '' === $state ) {
			return self::ERROR_MISSING;
		}
		$hash    = self::hash( $state );
		$option  = self::PREFIX . $hash;
		$pending = get_option( $option, null );
		if ( ! is_array( $pending ) || ! delete_option( $option ) ) {
			return self::ERROR_UNKNOWN; // Unknown, already used, or a concurrent request won.
		}
		if ( (int) $pending['expires_at'] < time() ) {
			return self::ERROR_EXPIRED;
		}
		if ( (int) $pending['user_id'] !== $user_id ) {
			return self::ERROR_FOREIGN;
		}
		if ( $pending['provider'] !== $provider ) {
			return self::ERROR_PROVIDER;
		}
		try {
			$verifier = $this->vault->decrypt( $pending['verifier'], 'oauth_state:' . $hash . ':code_verifier' );
		} catch ( VaultException $e ) {
			return self::ERROR_UNKNOWN;
		}
		return array(
			'provider' => $pending['provider'],
			'features' => $pending['features'],
			'scopes'   => $pending['scopes'],
			'verifier' => $verifier,
		) + ( isset( $pending['replaces'] ) ? array( 'replaces' => (array) $pending['replaces'] ) : array() ); // Absent in flows started before it existed.
	}

	/**
	 * Hash under which a state is stored.
	 *
	 * @param string $state State.
	 */
	private static function hash( string $state ): string {
		return hash( 'sha256', $state );
	}

	/**
	 * Removes abandoned flows.
	 */
	private function delete_expired(): void {
		global $wpdb;
		$names = $wpdb->get_col( $wpdb->prepare( "SELECT option_name FROM {$wpdb->options} WHERE option_name LIKE %s", $wpdb->esc_like( self::PREFIX ) . '%' ) );
		foreach ( $names as $name ) {
			$pending = get_option( $name );
			if ( ! is_array( $pending ) || (int) ( $pending['expires_at'] ?? 0 ) < time() ) {
				delete_option( $name );
			}
		}
	}
}
