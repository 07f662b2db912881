<?php

namespace SyncWarden\Tests\Integration\Storage;

use SyncWarden\Admin\KeyNotice;
use SyncWarden\Audit\AuditLog;
use SyncWarden\Storage\KeyMonitor;
use SyncWarden\Storage\KeyRing;
use SyncWarden\Storage\Vault;
use SyncWarden\Tests\TestCase;

/**
 * The key notice says how to fix a missing key, on a real host and in WordPress Playground (whose
 * wp-config.php has neither a SyncWarden key nor unique salts), and never prints a key.
 */
final class KeyNoticeTest extends TestCase {

	private function notice( KeyRing $keys ): string {
		$this->log_in_as( 'administrator' );
		$vault = new Vault( $keys );
		ob_start();
		( new KeyNotice( $keys, new KeyMonitor( $keys, $vault, array(), new AuditLog() ) ) )->render();
		return (string) ob_get_clean();
	}

	public function test_without_any_key_the_notice_says_how_to_fix_it_on_a_host_and_in_playground(): void {
		$html = $this->notice( new KeyRing( null, null, array() ) );

		$this->assertStringContainsString( 'has no encryption key and will not store secrets', $html );
		$this->assertStringContainsString( "define( 'SYNCWARDEN_ENCRYPTION_KEY', 'paste-the-generated-key-here' );", $html );
		$this->assertStringContainsString( 'random_bytes( 32 )', $html );
		$this->assertStringContainsString( 'In WordPress Playground', $html );
		$this->assertStringContainsString( 'assets/blueprints/blueprint.json', $html );
		$this->assertStringContainsString( 'defineWpConfigConsts', $html );
	}

	public function test_a_malformed_key_gets_the_same_instructions(): void {
		$html = $this->notice( new KeyRing( 'not-a-key', null, array() ) );

		$this->assertStringContainsString( 'is not 32 random bytes encoded as base64', $html );
		$this->assertStringContainsString( 'In WordPress Playground', $html );
		$this->assertStringNotContainsString( 'not-a-key', $html );
	}

	public function test_with_a_working_key_there_is_no_notice(): void {
		$this->assertSame( '', $this->notice( new KeyRing( base64_encode( random_bytes( 32 ) ), null, array() ) ) );
	}
}
