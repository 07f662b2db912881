<?php
/**
 * Typed vault failures: callers decide what an administrator sees; nothing leaks as a warning.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Storage;

defined( 'ABSPATH' ) || exit;

/**
 * Never carries key material or plaintext in its message.
 */
final class VaultException extends \RuntimeException {

	/** No usable key: nothing may be stored (fail closed). */
	public const NO_KEY = 'no_key';
	/** The envelope names a key this site no longer has (key or salts changed). */
	public const KEY_UNAVAILABLE = 'key_unavailable';
	/** Authentication failed: tampered, moved to another row/field, or wrong key. */
	public const TAMPERED = 'tampered';
	/** Not a SyncWarden envelope at all. */
	public const MALFORMED = 'malformed';
	/** Nothing is stored. */
	public const MISSING = 'missing';

	/**
	 * Constructor.
	 *
	 * @param string $reason  One of the constants.
	 * @param string $message Administrator-facing explanation.
	 */
	public function __construct( public readonly string $reason, string $message ) {
		parent::__construct( $message );
	}
}
