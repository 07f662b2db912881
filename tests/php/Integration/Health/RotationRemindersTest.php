<?php

namespace SyncWarden\Tests\Integration\Health;

use SyncWarden\Admin\RotationNotice;
use SyncWarden\Health\RotationHealthTest;
use SyncWarden\Tests\Harness\CanaryScanner;
use SyncWarden\Tests\Peer;
use SyncWarden\Tests\WebhookTestCase;
use SyncWarden\Tests\WpDieException;

/**
 * Rotation reminders: every secret's age from when it was set (client secrets, Calendly's app
 * signing key, each connection's push secret), Site Health and a dismissible notice once one is
 * past its age, Resubscribe as the one-click rotation of a push secret, ages from the
 * `syncwarden_rotation_ages` filter, and the audit of dismissals and age changes. Connections and
 * push subscriptions are made for real against the peer.
 */
final class RotationRemindersTest extends WebhookTestCase {

	private const DAY = 86400;

	private function secret_ages(): array {
		$response = $this->rest( 'GET', '/syncwarden/v1/secret-ages' );
		$this->assertSame( 200, $response->get_status(), wp_json_encode( $response->get_data() ) );
		return array_column( $response->get_data()['secrets'], null, 'id' );
	}

	/** Moves a stored client secret's set time back, as if it had been entered `$days` ago. */
	private static function age_client_secret( string $provider, int $days ): void {
		$row                  = get_option( "syncwarden_credentials_$provider" );
		$row['secret_set_at'] = time() - $days * self::DAY;
		update_option( "syncwarden_credentials_$provider", $row, false );
	}

	/** Moves a connection's push secrets' set times back by `$days`. */
	private static function age_push_secret( int $id, int $days ): void {
		$record = get_option( "syncwarden_push_$id" );
		foreach ( array_keys( $record['secrets'] ) as $field ) {
			$record['set_at'][ $field ] = time() - $days * self::DAY;
		}
		update_option( "syncwarden_push_$id", $record, false );
	}

	private function notices(): string {
		ob_start();
		do_action( 'admin_notices' );
		return (string) ob_get_clean();
	}

	private function dismiss( string $nonce ): void {
		$_REQUEST['_wpnonce'] = $nonce;
		$stop_redirect        = static function () {
			throw new WpDieException( 'redirected', 302 );
		};
		add_filter( 'wp_redirect', $stop_redirect );
		try {
			do_action( 'admin_post_' . RotationNotice::DISMISS_ACTION );
		} finally {
			remove_filter( 'wp_redirect', $stop_redirect );
			unset( $_REQUEST['_wpnonce'] );
		}
	}

	/** What admin_init runs for the notice (the whole action also runs core's privacy hooks). */
	private static function audit_ages(): void {
		global $wp_filter;
		foreach ( $wp_filter['admin_init']->callbacks as $callbacks ) {
			foreach ( $callbacks as $callback ) {
				if ( is_array( $callback['function'] ) && $callback['function'][0] instanceof RotationNotice ) {
					$callback['function'][0]->audit_ages();
					return;
				}
			}
		}
		self::fail( 'the rotation notice is not hooked to admin_init' );
	}

	private function site_health(): array {
		$tests = apply_filters( 'site_status_tests', array( 'direct' => array(), 'async' => array() ) );
		return call_user_func( $tests['direct'][ RotationHealthTest::TEST ]['test'] );
	}

	public function test_each_secret_is_listed_with_when_it_was_set_and_when_it_is_due_and_no_value_leaves_the_server(): void {
		$google = $this->connect_with_push( 'google' )['id'];
		$this->set_calendly_signing_key( Peer::CALENDLY_APP_SIGNING_KEY );

		$response = $this->rest( 'GET', '/syncwarden/v1/secret-ages' );
		$ages     = array_column( $response->get_data()['secrets'], null, 'id' );

		$this->assertSame( array( 'client_secret' => 365, 'signing_key' => 180, 'push_secret' => 180 ), $response->get_data()['ages'] );
		$this->assertSame( 'Google Calendar client secret', $ages['client_secret:google']['label'] );
		$this->assertEqualsWithDelta( time(), $ages['client_secret:google']['set_at'], 5 );
		$this->assertSame( $ages['client_secret:google']['set_at'] + 365 * self::DAY, $ages['client_secret:google']['due_at'] );
		$this->assertFalse( $ages['client_secret:google']['overdue'] );
		$this->assertSame( $ages['signing_key:calendly']['set_at'] + 180 * self::DAY, $ages['signing_key:calendly']['due_at'] );
		$this->assertSame( $google, $ages[ "push_secret:$google" ]['connection_id'] );
		$this->assertStringStartsWith( 'Push secret of Google Calendar', $ages[ "push_secret:$google" ]['label'] );
		$this->assertEqualsWithDelta( time(), $ages[ "push_secret:$google" ]['set_at'], 5 );
		// Calendly's client secret comes from wp-config.php (the test bootstrap): listed, no age.
		$this->assertSame( 'constant', $ages['client_secret:calendly']['source'] );
		$this->assertNull( $ages['client_secret:calendly']['set_at'] );
		$this->assertFalse( $ages['client_secret:calendly']['overdue'] );
		$secrets = array( 'sandbox-google-secret', Peer::CALENDLY_APP_SIGNING_KEY, self::store()->secret( $google, 'channel_token' ) );
		$this->assertSame( array(), ( new CanaryScanner( $secrets ) )->scan_rest_response( 'secret ages', $response )->findings() );
	}

	public function test_saving_only_the_client_id_keeps_the_secret_age_and_a_new_secret_starts_it_again(): void {
		$this->configure( 'google' );
		self::age_client_secret( 'google', 100 );

		$this->rest( 'PUT', '/syncwarden/v1/providers/google/credentials', array( 'client_id' => 'sandbox-google-renamed' ) );
		$this->assertEqualsWithDelta( time() - 100 * self::DAY, $this->secret_ages()['client_secret:google']['set_at'], 5 );

		$this->rest( 'PUT', '/syncwarden/v1/providers/google/credentials', array( 'client_id' => 'sandbox-google', 'client_secret' => 'sandbox-google-secret' ) );
		$this->assertEqualsWithDelta( time(), $this->secret_ages()['client_secret:google']['set_at'], 5 );
	}

	public function test_a_secret_past_its_age_is_flagged_in_site_health_and_a_notice_that_stays_dismissed_until_one_is_due_again(): void {
		$this->configure( 'google' );
		$this->assertSame( 'good', $this->site_health()['status'] );
		$this->assertStringNotContainsString( 'syncwarden-rotation-notice', $this->notices() );

		self::age_client_secret( 'google', 400 );

		$health = $this->site_health();
		$this->assertSame( 'recommended', $health['status'] );
		$this->assertStringContainsString( 'Google Calendar client secret: set 400 days ago, due after 365.', $health['description'] );
		$this->assertStringContainsString( 'syncwarden-rotation-notice', $this->notices() );
		$this->assertStringContainsString( 'Google Calendar client secret: set 400 days ago', $this->notices() );

		try {
			$this->dismiss( wp_create_nonce( RotationNotice::DISMISS_ACTION ) );
			$this->fail( 'the dismissal did not redirect back' );
		} catch ( WpDieException $e ) {
			$this->assertSame( 302, $e->getCode() );
		}
		$this->assertStringNotContainsString( 'syncwarden-rotation-notice', $this->notices() );
		$this->assertSame( 'recommended', $this->site_health()['status'], 'Site Health keeps saying it until it is rotated' );
		$dismissals = wp_list_filter( $this->rest( 'GET', '/syncwarden/v1/audit' )->get_data(), array( 'event' => 'rotation.reminder_dismissed' ) );
		$this->assertCount( 1, $dismissals );

		// Rotated, then due again later: the old dismissal does not hide the new reminder.
		$this->configure( 'google' );
		$this->assertSame( 'good', $this->site_health()['status'] );
		self::age_client_secret( 'google', 366 );
		$this->assertStringContainsString( 'set 366 days ago', $this->notices() );
	}

	public function test_dismissing_needs_a_valid_nonce_and_an_administrator(): void {
		$this->configure( 'google' );
		self::age_client_secret( 'google', 400 );

		try {
			$this->dismiss( 'forged' );
			$this->fail( 'accepted a forged nonce' );
		} catch ( WpDieException $e ) {
			$this->assertEmpty( get_user_meta( $this->admin_id, RotationNotice::DISMISSED_META, true ) );
		}
		$this->log_in_as( 'editor' );
		$this->assertSame( '', $this->notices(), 'editors do not see it' );
		try {
			$this->dismiss( wp_create_nonce( RotationNotice::DISMISS_ACTION ) );
			$this->fail( 'an editor dismissed it' );
		} catch ( WpDieException $e ) {
			$this->assertSame( 403, $e->getCode() );
		}
	}

	public function test_resubscribe_rotates_a_push_secret_in_one_click_and_its_age_starts_again(): void {
		$id = $this->connect_with_push( 'google' )['id'];
		self::age_push_secret( $id, 200 );
		$old = self::store()->secret( $id, 'channel_token' );
		$this->assertTrue( $this->secret_ages()[ "push_secret:$id" ]['overdue'] );
		$this->assertStringContainsString( 'Click Rotate (Resubscribe)', $this->site_health()['description'] );

		$this->assertSame( 200, $this->rest( 'POST', "/syncwarden/v1/connections/$id/push/resubscribe" )->get_status() );

		$this->assertNotSame( $old, self::store()->secret( $id, 'channel_token' ) );
		$this->assertFalse( $this->secret_ages()[ "push_secret:$id" ]['overdue'] );
		$this->assertEqualsWithDelta( time(), $this->secret_ages()[ "push_secret:$id" ]['set_at'], 5 );
	}

	public function test_ages_come_from_the_filter_an_invalid_value_keeps_the_default_and_each_change_is_audited(): void {
		$this->configure( 'google' );
		self::age_client_secret( 'google', 40 );
		self::audit_ages();
		$ages = static fn( array $days ) => array( 'client_secret' => 30, 'push_secret' => 0 ) + $days;
		add_filter( 'syncwarden_rotation_ages', $ages );
		try {
			$response = $this->rest( 'GET', '/syncwarden/v1/secret-ages' )->get_data();
			self::audit_ages();
			self::audit_ages();
		} finally {
			remove_filter( 'syncwarden_rotation_ages', $ages );
		}

		$this->assertSame( array( 'client_secret' => 30, 'signing_key' => 180, 'push_secret' => 180 ), $response['ages'] );
		$this->assertTrue( array_column( $response['secrets'], null, 'id' )['client_secret:google']['overdue'] );
		$changes = array_values( wp_list_filter( $this->rest( 'GET', '/syncwarden/v1/audit' )->get_data(), array( 'event' => 'rotation.ages_changed' ) ) );
		$this->assertCount( 1, $changes, 'recorded once, not on every admin page' );
		$this->assertStringContainsString( '30', wp_json_encode( $changes[0] ) );
	}
}
