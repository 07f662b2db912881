<?php

namespace SyncWarden\Tests\Integration\Storage;

use SyncWarden\Storage\KeyRing;
use SyncWarden\Tests\TestCase;
use SyncWarden\Tests\VaultFactory;

final class KeyRingTest extends TestCase {

	public function test_constant_key_is_current_and_salts_key_stays_readable(): void {
		$salts = VaultFactory::random_salts();
		$key   = VaultFactory::random_key();

		$ring = new KeyRing( $key, null, $salts );

		$this->assertSame( KeyRing::SOURCE_CONSTANT, $ring->source() );
		$this->assertSame( KeyRing::id_of( base64_decode( $key ) ), $ring->current_id() );
		$this->assertSame( 1, $ring->previous_count() );
		$this->assertNotNull( $ring->key( ( new KeyRing( null, null, $salts ) )->current_id() ) );
	}

	public function test_without_constant_the_key_is_derived_from_the_salts(): void {
		$salts = VaultFactory::random_salts();

		$ring = new KeyRing( null, null, $salts );

		$this->assertSame( KeyRing::SOURCE_SALTS, $ring->source() );
		$this->assertSame( 32, strlen( $ring->current_key() ) );
		$this->assertSame( $ring->current_id(), ( new KeyRing( null, null, $salts ) )->current_id(), 'deterministic' );
		$this->assertSame( array(), $ring->config_errors() );
	}

	public function test_changing_any_single_salt_changes_the_derived_key(): void {
		$salts = VaultFactory::random_salts();
		$base  = ( new KeyRing( null, null, $salts ) )->current_id();

		foreach ( KeyRing::SALT_NAMES as $name ) {
			$changed          = $salts;
			$changed[ $name ] = wp_generate_password( 64, true, true );
			$this->assertNotSame( $base, ( new KeyRing( null, null, $changed ) )->current_id(), $name );
		}
	}

	public function test_sample_missing_or_short_salts_give_no_key_at_all(): void {
		$cases = array(
			'sample phrase' => array_merge( VaultFactory::random_salts(), array( 'NONCE_SALT' => 'put your unique phrase here' ) ),
			'missing'       => array_diff_key( VaultFactory::random_salts(), array( 'AUTH_KEY' => true ) ),
			'short'         => array_merge( VaultFactory::random_salts(), array( 'AUTH_SALT' => 'abc' ) ),
		);
		foreach ( $cases as $label => $salts ) {
			$ring = new KeyRing( null, null, $salts );
			$this->assertNull( $ring->current_id(), $label );
			$this->assertSame( KeyRing::SOURCE_NONE, $ring->source(), $label );
			$this->assertNotEmpty( $ring->config_errors(), $label );
		}
	}

	public function test_a_broken_constant_fails_closed_instead_of_falling_back_to_salts(): void {
		foreach ( array( 'not-base64!!', base64_encode( random_bytes( 16 ) ), '' ) as $bad ) {
			$ring = new KeyRing( $bad, null, VaultFactory::random_salts() );

			$this->assertNull( $ring->current_id() );
			$this->assertStringContainsString( 'SYNCWARDEN_ENCRYPTION_KEY', $ring->config_errors()[0] );
		}
	}

	public function test_previous_keys_accept_a_list_or_an_array_and_report_bad_entries(): void {
		$a = VaultFactory::random_key();
		$b = VaultFactory::random_key();

		$from_string = new KeyRing( VaultFactory::random_key(), "$a, $b", array() );
		$from_array  = new KeyRing( VaultFactory::random_key(), array( $a, 'garbage', $b ), array() );

		$this->assertSame( 2, $from_string->previous_count() );
		$this->assertSame( 2, $from_array->previous_count() );
		$this->assertSame( array( 'Entry 2 of SYNCWARDEN_ENCRYPTION_KEY_PREVIOUS is not a base64-encoded 32-byte key and is ignored.' ), $from_array->config_errors() );
	}

	public function test_key_id_reveals_nothing_of_the_key(): void {
		$raw = random_bytes( 32 );

		$id = KeyRing::id_of( $raw );

		$this->assertMatchesRegularExpression( '/^[0-9a-f]{16}$/', $id );
		$this->assertStringNotContainsString( $id, bin2hex( $raw ) );
	}

	public function test_this_site_runs_with_a_salts_derived_key(): void {
		$ring = KeyRing::from_wp_config();

		$this->assertSame( KeyRing::SOURCE_SALTS, $ring->source() );
		$this->assertSame( ( new KeyRing( null, null, VaultFactory::site_salts() ) )->current_id(), $ring->current_id() );
	}
}
