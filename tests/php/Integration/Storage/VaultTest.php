<?php

namespace SyncWarden\Tests\Integration\Storage;

use SyncWarden\Storage\KeyRing;
use SyncWarden\Storage\Vault;
use SyncWarden\Storage\VaultException;
use SyncWarden\Tests\TestCase;
use SyncWarden\Tests\VaultFactory;

final class VaultTest extends TestCase {

	private const CONTEXT = 'credentials:google:client_secret';

	private function assert_refused( string $reason, callable $operation ): void {
		try {
			$operation();
			$this->fail( "Expected VaultException($reason)" );
		} catch ( VaultException $e ) {
			$this->assertSame( $reason, $e->reason );
			$this->assertStringNotContainsString( 'secret-value', $e->getMessage() );
		}
	}

	public function test_round_trip_returns_the_secret(): void {
		$vault = VaultFactory::vault();

		$this->assertSame( 'secret-value-ä€', $vault->decrypt( $vault->encrypt( 'secret-value-ä€', self::CONTEXT ), self::CONTEXT ) );
	}

	public function test_envelope_is_versioned_names_its_key_and_never_contains_the_plaintext(): void {
		$key      = VaultFactory::random_key();
		$envelope = VaultFactory::vault( $key )->encrypt( 'secret-value-123', self::CONTEXT );

		$this->assertMatchesRegularExpression( '/^sw1\$[0-9a-f]{16}\$[A-Za-z0-9_-]+$/', $envelope );
		$this->assertSame( KeyRing::id_of( base64_decode( $key ) ), explode( '$', $envelope )[1] );
		$this->assertStringNotContainsString( 'secret-value-123', $envelope );
		$this->assertStringNotContainsString( base64_encode( 'secret-value-123' ), $envelope );
	}

	public function test_every_write_uses_a_fresh_nonce(): void {
		$vault = VaultFactory::vault();

		$this->assertNotSame( $vault->encrypt( 'same', self::CONTEXT ), $vault->encrypt( 'same', self::CONTEXT ) );
	}

	public function test_a_flipped_byte_fails_the_integrity_check(): void {
		$vault    = VaultFactory::vault();
		$envelope = $vault->encrypt( 'secret-value', self::CONTEXT );
		$last     = substr( $envelope, -2, 1 );
		$tampered = substr( $envelope, 0, -2 ) . ( 'A' === $last ? 'B' : 'A' ) . substr( $envelope, -1 );

		$this->assert_refused( VaultException::TAMPERED, fn() => $vault->decrypt( $tampered, self::CONTEXT ) );
	}

	public function test_ciphertext_moved_to_another_field_or_row_fails(): void {
		$vault    = VaultFactory::vault();
		$envelope = $vault->encrypt( 'secret-value', 'connection:1:refresh_token' );

		$this->assert_refused( VaultException::TAMPERED, fn() => $vault->decrypt( $envelope, 'connection:1:access_token' ) );
		$this->assert_refused( VaultException::TAMPERED, fn() => $vault->decrypt( $envelope, 'connection:2:refresh_token' ) );
	}

	public function test_ciphertext_moved_to_another_site_of_a_network_fails(): void {
		$vault    = VaultFactory::vault();
		$envelope = $vault->encrypt( 'secret-value', self::CONTEXT );
		$blog_id  = $GLOBALS['blog_id'];
		$GLOBALS['blog_id'] = 2;

		try {
			$this->assert_refused( VaultException::TAMPERED, fn() => $vault->decrypt( $envelope, self::CONTEXT ) );
		} finally {
			$GLOBALS['blog_id'] = $blog_id;
		}
	}

	public function test_a_different_key_fails_cleanly(): void {
		$envelope = VaultFactory::vault()->encrypt( 'secret-value', self::CONTEXT );

		$this->assert_refused( VaultException::KEY_UNAVAILABLE, fn() => VaultFactory::vault()->decrypt( $envelope, self::CONTEXT ) );
	}

	public function test_a_key_id_swapped_into_the_envelope_fails(): void {
		$key      = VaultFactory::random_key();
		$other    = VaultFactory::random_key();
		$envelope = VaultFactory::vault( $other )->encrypt( 'secret-value', self::CONTEXT );
		$forged   = str_replace( KeyRing::id_of( base64_decode( $other ) ), KeyRing::id_of( base64_decode( $key ) ), $envelope );

		$this->assert_refused( VaultException::TAMPERED, fn() => VaultFactory::vault( $key )->decrypt( $forged, self::CONTEXT ) );
	}

	public function test_malformed_values_are_refused_without_warnings(): void {
		$vault = VaultFactory::vault();
		foreach ( array( '', 'plaintext-secret', 'sw1$zz$abc', 'sw1$0123456789abcdef$***', 'sw2$0123456789abcdef$AAAA', 'sw1$0123456789abcdef' ) as $value ) {
			$this->assert_refused( VaultException::MALFORMED, fn() => $vault->decrypt( $value, self::CONTEXT ) );
		}
	}

	public function test_a_truncated_payload_is_refused(): void {
		$vault    = VaultFactory::vault();
		$envelope = $vault->encrypt( 'secret-value', self::CONTEXT );

		$this->assert_refused( VaultException::TAMPERED, fn() => $vault->decrypt( substr( $envelope, 0, 33 ), self::CONTEXT ) );
	}

	public function test_previous_key_still_decrypts_and_reencrypt_moves_to_the_current_key(): void {
		$old      = VaultFactory::random_key();
		$envelope = VaultFactory::vault( $old )->encrypt( 'secret-value', self::CONTEXT );
		$rotated  = VaultFactory::vault( null, $old );

		$this->assertTrue( $rotated->needs_reencrypt( $envelope ) );
		$this->assertSame( 'secret-value', $rotated->decrypt( $envelope, self::CONTEXT ) );
		$moved = $rotated->reencrypt( $envelope, self::CONTEXT );
		$this->assertFalse( $rotated->needs_reencrypt( $moved ) );
		$this->assertSame( 'secret-value', $rotated->decrypt( $moved, self::CONTEXT ) );
		$this->assert_refused( VaultException::KEY_UNAVAILABLE, fn() => VaultFactory::vault( $old )->decrypt( $moved, self::CONTEXT ) );
	}

	public function test_without_key_material_nothing_is_encrypted(): void {
		$vault = new Vault( new KeyRing( null, null, array() ) );

		$this->assert_refused( VaultException::NO_KEY, fn() => $vault->encrypt( 'secret-value', self::CONTEXT ) );
	}

	public function test_native_sodium_and_sodium_compat_read_each_other(): void {
		$this->assertTrue( extension_loaded( 'sodium' ), 'the interop proof needs native sodium on the test machine' );
		$key    = VaultFactory::random_key();
		$native = VaultFactory::vault( $key );
		$compat = VaultFactory::vault( $key, null, Vault::BACKEND_COMPAT );

		$this->assertSame( 'from native', $compat->decrypt( $native->encrypt( 'from native', self::CONTEXT ), self::CONTEXT ) );
		$this->assertSame( 'from compat', $native->decrypt( $compat->encrypt( 'from compat', self::CONTEXT ), self::CONTEXT ) );
		$this->assertFalse( \ParagonIE_Sodium_Compat::$disableFallbackForUnitTests, 'the pure-PHP switch is restored' );
	}

	public function test_sodium_compat_rejects_tampering_too(): void {
		$compat   = VaultFactory::vault( null, null, Vault::BACKEND_COMPAT );
		$envelope = $compat->encrypt( 'secret-value', self::CONTEXT );

		$this->assert_refused( VaultException::TAMPERED, fn() => $compat->decrypt( $envelope, 'credentials:zoho:client_secret' ) );
	}
}
