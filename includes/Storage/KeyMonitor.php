<?php
/**
 * Notices when the encryption key changed under stored secrets.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Storage;

use SyncWarden\Audit\AuditTrail;

defined( 'ABSPATH' ) || exit;

/**
 * Stores the current key's fingerprint (its id — a keyed hash, never the key). When the
 * fingerprint differs from the running key, every stored secret is checked once: secrets no key
 * can open are counted as unreadable (their connections need reconnecting, their credentials
 * re-entering), readable ones under an old key are counted as stale (re-encrypt moves them).
 * The counts back the persistent admin notice and Site Health.
 */
final class KeyMonitor {

	public const FINGERPRINT_OPTION = 'syncwarden_key_fingerprint';
	public const STATE_OPTION       = 'syncwarden_key_state';

	private const EMPTY_STATE = array(
		'total'      => 0,
		'current'    => 0,
		'stale'      => 0,
		'unreadable' => 0,
	);

	/**
	 * Constructor.
	 *
	 * @param KeyRing        $keys    Running keys.
	 * @param Vault          $vault   Vault over those keys.
	 * @param SecretHolder[] $holders Every repository that stores secrets.
	 * @param AuditTrail     $audit   Audit trail.
	 */
	public function __construct(
		private readonly KeyRing $keys,
		private readonly Vault $vault,
		private readonly array $holders,
		private readonly AuditTrail $audit
	) {
	}

	/**
	 * Cheap check for every admin request: rescans only when the fingerprint changed.
	 */
	public function check_fingerprint(): void {
		if ( get_option( self::FINGERPRINT_OPTION, null ) !== $this->fingerprint() ) {
			$this->rescan();
		}
	}

	/**
	 * Scans every stored secret and records the result; call after secrets change.
	 *
	 * @return array{total: int, current: int, stale: int, unreadable: int}
	 */
	public function rescan(): array {
		$state = self::EMPTY_STATE;
		foreach ( $this->holders as $holder ) {
			foreach ( $holder->stored_secrets() as $secret ) {
				++$state['total'];
				++$state[ $this->classify( $secret['envelope'], $secret['context'] ) ];
			}
		}
		$previous_fingerprint = get_option( self::FINGERPRINT_OPTION, null );
		if ( null !== $previous_fingerprint && $previous_fingerprint !== $this->fingerprint() ) {
			$this->audit->record(
				'vault.key_changed',
				array(
					'unreadable' => $state['unreadable'],
					'stale'      => $state['stale'],
				)
			);
		}
		update_option( self::FINGERPRINT_OPTION, $this->fingerprint(), false );
		update_option( self::STATE_OPTION, $state, false );
		return $state;
	}

	/**
	 * Last recorded scan.
	 *
	 * @return array{total: int, current: int, stale: int, unreadable: int}
	 */
	public function state(): array {
		$state = get_option( self::STATE_OPTION, array() );
		return array_merge( self::EMPTY_STATE, is_array( $state ) ? array_map( 'intval', $state ) : array() );
	}

	private function fingerprint(): string {
		return $this->keys->current_id() ?? 'none';
	}

	private function classify( string $envelope, string $context ): string {
		try {
			$this->vault->decrypt( $envelope, $context );
		} catch ( VaultException $e ) {
			return 'unreadable';
		}
		return $this->vault->needs_reencrypt( $envelope ) ? 'stale' : 'current';
	}
}
