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
	 * Replaces one envelope (same plaintext, new key) in place, only if it still is `$expected`:
	 * a secret rewritten meanwhile (a refresh rotating a token while a re-encrypt batch runs) is
	 * newer than the copy the batch read and must win.
	 *
	 * @param string $ref      The ref from stored_secrets().
	 * @param string $envelope New envelope for the same context.
	 * @param string $expected The envelope stored_secrets() gave.
	 * @return bool Whether it was replaced.
	 */
	public function replace_secret( string $ref, string $envelope, string $expected ): bool;
}
