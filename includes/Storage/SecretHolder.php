<?php
/**
 * A repository that stores vault envelopes.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Storage;

defined( 'ABSPATH' ) || exit;

/**
 * Lets key maintenance (health scan, re-encryption) reach every stored secret without knowing
 * how each repository keeps them.
 */
interface SecretHolder {

	/**
	 * Every stored envelope.
	 *
	 * @return iterable<array{ref: string, context: string, envelope: string}>
	 */
	public function stored_secrets(): iterable;

	/**
	 * Replaces one envelope (same plaintext, new key) in place.
	 *
	 * @param string $ref      The ref from stored_secrets().
	 * @param string $envelope New envelope for the same context.
	 */
	public function replace_secret( string $ref, string $envelope ): void;
}
