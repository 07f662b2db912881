<?php

namespace SyncWarden\Tests\Integration\OAuth;

use SyncWarden\Admin\ConnectionHealthNotices;
use SyncWarden\Http\HttpError;
use SyncWarden\Storage\ConnectionsRepository;
use SyncWarden\Tests\OAuthTestCase;
use SyncWarden\Tests\WpDieException;

/**
 * Failure counters → persistent notices and one e-mail per incident.
 */
final class ConnectionHealthNoticesTest extends OAuthTestCase {

	/**
	 * Mails sent during the test.
	 *
	 * @var array<int, array>
	 */
	private array $mails = array();

	protected function setUp(): void {
		parent::setUp();
		add_filter( 'pre_wp_mail', array( $this, 'capture_mail' ), 5, 2 );
	}

	protected function tearDown(): void {
		remove_filter( 'pre_wp_mail', array( $this, 'capture_mail' ), 5 );
		parent::tearDown();
	}

	public function capture_mail( $short_circuit, array $mail ) {
		$this->mails[] = $mail;
		return true;
	}

	private function create_connection(): int {
		return self::repository()->create(
			array(
				'provider'         => 'google',
				'features'         => array( 'import' ),
				'requested_scopes' => array( 's' ),
				'granted_scopes'   => array( 's' ),
				'account_label'    => 'owner@example.test',
				'token_endpoint'   => 'https://oauth2.googleapis.com/token',
				'api_base'         => 'https://www.googleapis.com',
			),
			array(
				'access_token'  => 'peercanary-at-notice',
				'refresh_token' => 'peercanary-rt-notice',
				'expires_at'    => time() + 3600,
			)
		);
	}

	private function fail_times( int $id, int $times, string $kind = HttpError::TRANSIENT ): void {
		for ( $i = 0; $i < $times; $i++ ) {
			self::repository()->record_health( $id, ConnectionsRepository::STATUS_CONNECTED, $kind, 'The provider is busy or unavailable (HTTP 503). SyncWarden will retry.' );
		}
	}

	private function notices(): string {
		ob_start();
		do_action( 'admin_notices' );
		return (string) ob_get_clean();
	}

	public function test_no_notice_below_the_threshold_then_a_plain_words_notice_at_it(): void {
		$id = $this->create_connection();

		$this->fail_times( $id, 2 );
		$this->assertStringNotContainsString( 'syncwarden-connection-notice', $this->notices() );

		$this->fail_times( $id, 1 );
		$html = $this->notices();
		$this->assertStringContainsString( 'Google Calendar (owner@example.test) failed 3 times in a row', $html );
		$this->assertStringContainsString( 'could not be reached or was too busy', $html );
		$this->assertStringContainsString( 'tab=connections', $html );
	}

	public function test_the_notice_is_for_people_who_can_manage_options_only(): void {
		$this->fail_times( $this->create_connection(), 3 );
		$this->log_in_as( 'editor' );

		$this->assertStringNotContainsString( 'syncwarden-connection-notice', $this->notices() );
	}

	public function test_invalid_grant_raises_a_reconnect_notice_at_once(): void {
		$id = $this->create_connection();

		self::repository()->record_health( $id, ConnectionsRepository::STATUS_RECONNECT_NEEDED, HttpError::AUTH_REVOKED, 'invalid_grant' );

		$this->assertStringContainsString( 'click Reconnect', $this->notices() );
	}

	public function test_dismissal_is_per_user_and_lasts_until_the_count_grows(): void {
		$id = $this->create_connection();
		$this->fail_times( $id, 3 );
		$_GET['connection']     = (string) $id;
		$_REQUEST['_wpnonce']   = wp_create_nonce( ConnectionHealthNotices::DISMISS_ACTION . '_' . $id );
		$stop_redirect          = static function () {
			throw new WpDieException( 'redirected', 302 );
		};
		add_filter( 'wp_redirect', $stop_redirect );
		try {
			do_action( 'admin_post_' . ConnectionHealthNotices::DISMISS_ACTION );
		} catch ( WpDieException $e ) {
			$this->assertSame( 302, $e->getCode() );
		} finally {
			remove_filter( 'wp_redirect', $stop_redirect );
			unset( $_GET['connection'], $_REQUEST['_wpnonce'] );
		}

		$this->assertStringNotContainsString( 'syncwarden-connection-notice', $this->notices() );
		$this->log_in_as( 'administrator' );
		$this->assertStringContainsString( 'syncwarden-connection-notice', $this->notices(), 'another administrator still sees it' );
		wp_set_current_user( $this->admin_id );
		$this->fail_times( $id, 1 );
		$this->assertStringContainsString( 'failed 4 times in a row', $this->notices() );
	}

	public function test_dismissing_needs_a_valid_nonce(): void {
		$id                 = $this->create_connection();
		$_GET['connection'] = (string) $id;
		$_REQUEST['_wpnonce'] = 'forged';

		try {
			do_action( 'admin_post_' . ConnectionHealthNotices::DISMISS_ACTION );
			$this->fail( 'accepted a forged nonce' );
		} catch ( WpDieException $e ) {
			$this->assertEmpty( get_user_meta( $this->admin_id, ConnectionHealthNotices::DISMISSED_META, true ) );
		} finally {
			unset( $_GET['connection'], $_REQUEST['_wpnonce'] );
		}
	}

	public function test_the_next_success_clears_the_notice_and_closes_the_incident(): void {
		$id = $this->create_connection();
		$this->fail_times( $id, 3 );

		self::repository()->record_health( $id, ConnectionsRepository::STATUS_CONNECTED );

		$this->assertStringNotContainsString( 'syncwarden-connection-notice', $this->notices() );
		$this->fail_times( $id, 3 );
		$this->assertCount( 2, $this->mails, 'a new incident mails again' );
	}

	public function test_one_email_per_incident_without_secrets(): void {
		$id = $this->create_connection();

		$this->fail_times( $id, 6 );

		$this->assertCount( 1, $this->mails );
		$this->assertSame( get_option( 'admin_email' ), $this->mails[0]['to'] );
		$this->assertStringContainsString( 'Google Calendar needs attention', $this->mails[0]['subject'] );
		$this->assertStringNotContainsString( 'peercanary', wp_json_encode( $this->mails ) );
	}

	public function test_two_processes_recording_the_same_failure_at_once_send_one_email(): void {
		$id = $this->create_connection();
		$this->fail_times( $id, 2 );
		// The other process records the third failure while this one is between its check and
		// its write: run it from inside this process's read of the e-mail setting.
		$other = function ( $value ) use ( $id ) {
			static $once = false;
			if ( ! $once ) {
				$once = true;
				do_action( 'syncwarden_connection_health_recorded', $id );
			}
			return $value;
		};
		add_filter( 'option_syncwarden_failure_emails', $other );
		add_filter( 'default_option_syncwarden_failure_emails', $other );

		$this->fail_times( $id, 1 );

		remove_filter( 'option_syncwarden_failure_emails', $other );
		remove_filter( 'default_option_syncwarden_failure_emails', $other );
		$this->assertCount( 1, $this->mails );
	}

	public function test_emails_can_be_turned_off(): void {
		update_option( 'syncwarden_failure_emails', 0, false );

		$this->fail_times( $this->create_connection(), 3 );

		$this->assertSame( array(), $this->mails );
	}
}
