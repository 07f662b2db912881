<?php

namespace SyncWarden\Tests\Integration;

use SyncWarden\Tests\TestCase;

final class SiteHealthTest extends TestCase {

	private function run_test( string $name ): array {
		$tests = apply_filters( 'site_status_tests', array( 'direct' => array(), 'async' => array() ) );
		return call_user_func( $tests['direct'][ $name ]['test'] );
	}

	public function test_registers_the_three_security_checks(): void {
		$tests = apply_filters( 'site_status_tests', array( 'direct' => array(), 'async' => array() ) );

		$this->assertArrayHasKey( 'syncwarden_sodium', $tests['direct'] );
		$this->assertArrayHasKey( 'syncwarden_encryption_key', $tests['direct'] );
		$this->assertArrayHasKey( 'syncwarden_stored_secrets', $tests['direct'] );
	}

	public function test_native_sodium_is_good(): void {
		$this->assertSame( 'good', $this->run_test( 'syncwarden_sodium' )['status'] );
	}

	public function test_salts_derived_key_is_a_recommended_improvement_with_the_exact_line_and_no_real_key(): void {
		$result = $this->run_test( 'syncwarden_encryption_key' );

		$this->assertSame( 'recommended', $result['status'] );
		$this->assertStringContainsString( "define( 'SYNCWARDEN_ENCRYPTION_KEY', 'paste-the-generated-key-here' );", $result['actions'] );
		$this->assertStringContainsString( 'random_bytes( 32 )', $result['actions'] );
	}

	public function test_stored_secrets_check_turns_critical_when_a_secret_is_unreadable(): void {
		$this->assertSame( 'good', $this->run_test( 'syncwarden_stored_secrets' )['status'] );
		update_option( 'syncwarden_credentials_google', array( 'client_id' => 'id', 'client_secret' => 'sw1$0123456789abcdef$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'updated_at' => 1 ), false );
		delete_option( 'syncwarden_key_fingerprint' );

		$this->assertSame( 'critical', $this->run_test( 'syncwarden_stored_secrets' )['status'] );
	}
}
