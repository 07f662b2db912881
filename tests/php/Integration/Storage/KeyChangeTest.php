<?php

namespace SyncWarden\Tests\Integration\Storage;

use SyncWarden\Audit\AuditLog;
use SyncWarden\Storage\CredentialsRepository;
use SyncWarden\Storage\KeyMonitor;
use SyncWarden\Storage\KeyRing;
use SyncWarden\Storage\Vault;
use SyncWarden\Tests\TestCase;
use SyncWarden\Tests\VaultFactory;

/**
 * The site's salts "change" by storing secrets under a key from other salts, as if they had
 * been written before the change, with the fingerprint of that old key.
 */
final class KeyChangeTest extends TestCase {

	/**
	 * PHP warnings and notices raised during the test.
	 *
	 * @var string[]
	 */
	private array $php_errors = array();

	protected function setUp(): void {
		parent::setUp();
		$this->log_in_as( 'administrator' );
		set_error_handler(
			function ( int $level, string $message ): bool {
				$this->php_errors[] = $message;
				return true;
			}
		);
	}

	protected function tearDown(): void {
		restore_error_handler();
		parent::tearDown();
	}

	private function store_under_old_salts( string $provider ): void {
		$old_ring = new KeyRing( null, null, VaultFactory::random_salts() );
		( new CredentialsRepository( new Vault( $old_ring ), array( $provider ) ) )->save( $provider, 'old-id', 'secret-before-salt-change' );
		update_option( KeyMonitor::FINGERPRINT_OPTION, $old_ring->current_id(), false );
	}

	private function admin_notices(): string {
		ob_start();
		do_action( 'admin_notices' );
		return (string) ob_get_clean();
	}

	public function test_salt_change_flags_the_secret_shows_a_persistent_notice_and_never_warns(): void {
		$this->store_under_old_salts( 'google' );

		do_action( 'admin_init' );

		$this->assertSame( 1, get_option( KeyMonitor::STATE_OPTION )['unreadable'] );
		$this->assertStringContainsString( 'SyncWarden can no longer decrypt 1 stored secret', $this->admin_notices() );
		$this->assertStringContainsString( 'SyncWarden can no longer decrypt 1 stored secret', $this->admin_notices(), 'still there on the next page' );
		$google = $this->rest( 'GET', '/syncwarden/v1/providers' )->get_data()[0];
		$this->assertSame( array( 'unreadable', false ), array( $google['client_secret_state'], $google['has_client_secret'] ) );
		$this->assertSame( 'vault.key_changed', ( new AuditLog() )->recent( 1 )[0]['event'] );
		$this->assertSame( array(), $this->php_errors );
	}

	public function test_re_entering_the_secret_clears_the_notice(): void {
		$this->store_under_old_salts( 'google' );
		do_action( 'admin_init' );

		$this->rest( 'PUT', '/syncwarden/v1/providers/google/credentials', array( 'client_id' => 'new-id', 'client_secret' => 'new-secret-value' ) );

		$this->assertSame( 0, get_option( KeyMonitor::STATE_OPTION )['unreadable'] );
		$this->assertStringNotContainsString( 'can no longer decrypt', $this->admin_notices() );
	}

	public function test_corrupted_ciphertext_in_the_database_is_unreadable_not_a_warning(): void {
		update_option(
			'syncwarden_credentials_zoho',
			array(
				'client_id'     => 'id',
				'client_secret' => 'sw1$0123456789abcdef$' . str_repeat( '%', 12 ),
				'updated_at'    => time(),
			),
			false
		);
		delete_option( KeyMonitor::FINGERPRINT_OPTION );

		do_action( 'admin_init' );

		$this->assertSame( 1, get_option( KeyMonitor::STATE_OPTION )['unreadable'] );
		$zoho = $this->rest( 'GET', '/syncwarden/v1/providers' )->get_data()[3];
		$this->assertSame( 'unreadable', $zoho['client_secret_state'] );
		$this->assertSame( array(), $this->php_errors );
	}

	public function test_notice_is_not_shown_to_editors(): void {
		$this->store_under_old_salts( 'google' );
		do_action( 'admin_init' );
		$this->log_in_as( 'editor' );

		$this->assertStringNotContainsString( 'SyncWarden', $this->admin_notices() );
	}

	public function test_unchanged_fingerprint_does_not_rescan(): void {
		update_option( KeyMonitor::FINGERPRINT_OPTION, KeyRing::from_wp_config()->current_id(), false );
		update_option( KeyMonitor::STATE_OPTION, array( 'total' => 9, 'current' => 9, 'stale' => 0, 'unreadable' => 0 ), false );

		do_action( 'admin_init' );

		$this->assertSame( 9, get_option( KeyMonitor::STATE_OPTION )['total'] );
	}
}
