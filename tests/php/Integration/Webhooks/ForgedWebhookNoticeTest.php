<?php

namespace SyncWarden\Tests\Integration\Webhooks;

use SyncWarden\Admin\ForgedWebhookNotice;
use SyncWarden\Tests\WebhookTestCase;
use SyncWarden\Tests\WpDieException;
use SyncWarden\Webhooks\SecurityEvents;

/**
 * A burst of forged deliveries raises a persistent notice for administrators, at a threshold
 * that is an option with a filter; dismissal is per user and per burst.
 */
final class ForgedWebhookNoticeTest extends WebhookTestCase {

	private int $id;

	protected function setUp(): void {
		parent::setUp();
		$this->id = $this->connect_with_push( 'calendly' )['id'];
	}

	private function forge( int $times, string $ip = self::CLIENT_IP ): void {
		for ( $i = 0; $i < $times; $i++ ) {
			$this->deliver( "/webhooks/calendly/{$this->id}", '{"n":' . $i . '}', array( 'calendly-webhook-signature' => 't=' . time() . ',v1=' . str_repeat( '0', 64 ) ), $ip );
		}
	}

	private function notices(): string {
		ob_start();
		do_action( 'admin_notices' );
		return (string) ob_get_clean();
	}

	public function test_no_notice_below_the_threshold_then_one_naming_the_target(): void {
		$this->forge( SecurityEvents::DEFAULT_THRESHOLD - 1 );
		$this->assertStringNotContainsString( 'syncwarden-forged-notice', $this->notices() );

		$this->forge( 1 );

		$html = $this->notices();
		$this->assertStringContainsString( 'Someone is sending forged webhooks to Calendly (sandbox-user@example.test).', $html );
		$this->assertStringContainsString( '20 requests to its webhook address failed verification within 10 minutes', $html );
		$this->assertStringContainsString( 'Resubscribe', $html );
		$burst = array_values( array_filter( $this->security_events(), static fn( $e ) => 'burst' === $e['kind'] ) );
		$this->assertCount( 1, $burst );
	}

	public function test_requests_to_an_endpoint_of_no_connection_are_logged_but_raise_no_notice(): void {
		for ( $i = 0; $i < 2 * SecurityEvents::DEFAULT_THRESHOLD; $i++ ) {
			$this->deliver( '/webhooks/google/' . ( $this->id + 1000 + $i % 3 ), '', array( 'x-goog-channel-id' => 'guess', 'x-goog-channel-token' => 'guess' ) );
		}

		$this->assertStringNotContainsString( 'syncwarden-forged-notice', $this->notices() );
		$this->assertSame( array(), get_option( SecurityEvents::INCIDENTS_OPTION, array() ) );
		$this->assertContains( SecurityEvents::UNKNOWN_ENDPOINT, $this->security_kinds() );
	}

	public function test_the_threshold_is_an_option_and_a_filter(): void {
		update_option( SecurityEvents::THRESHOLD_OPTION, 3 );
		$this->assertSame( 3, SecurityEvents::threshold() );
		$this->forge( 3 );
		$this->assertStringContainsString( 'syncwarden-forged-notice', $this->notices() );

		$filter = static fn() => 500;
		add_filter( 'syncwarden_forged_webhook_threshold', $filter );
		$this->assertSame( 500, SecurityEvents::threshold() );
		remove_filter( 'syncwarden_forged_webhook_threshold', $filter );
	}

	public function test_rate_limit_hits_alone_never_raise_it(): void {
		$limits = static function ( array $limits ): array {
			$limits['ip']['limit'] = 1;
			return $limits;
		};
		add_filter( 'syncwarden_webhook_rate_limits', $limits );
		$this->forge( 40 ); // One verification failure, then 39 rate-limit hits.
		remove_filter( 'syncwarden_webhook_rate_limits', $limits );

		$this->assertStringNotContainsString( 'syncwarden-forged-notice', $this->notices() );
		$this->assertEqualsCanonicalizing( array( SecurityEvents::BAD_SIGNATURE, SecurityEvents::RATE_LIMITED ), $this->security_kinds() );
	}

	public function test_subscribers_never_see_it_and_dismissal_is_per_administrator(): void {
		$this->forge( SecurityEvents::DEFAULT_THRESHOLD );
		$other_admin = self::create_user( 'administrator' );
		wp_set_current_user( self::create_user( 'subscriber' ) );
		$this->assertStringNotContainsString( 'syncwarden-forged-notice', $this->notices() );
		wp_set_current_user( $this->admin_id );

		$_GET['connection']  = (string) $this->id;
		$_REQUEST['_wpnonce'] = wp_create_nonce( ForgedWebhookNotice::DISMISS_ACTION . '_' . $this->id );
		add_filter( 'wp_redirect', array( $this, 'stop_redirect' ) );
		try {
			do_action( 'admin_post_' . ForgedWebhookNotice::DISMISS_ACTION );
		} catch ( WpDieException $redirected ) {
			unset( $redirected );
		} finally {
			remove_filter( 'wp_redirect', array( $this, 'stop_redirect' ) );
			unset( $_GET['connection'], $_REQUEST['_wpnonce'] );
		}

		$this->assertStringNotContainsString( 'syncwarden-forged-notice', $this->notices() );
		wp_set_current_user( $other_admin );
		$this->assertStringContainsString( 'syncwarden-forged-notice', $this->notices() );
	}

	/**
	 * Ends the dismiss handler where it would redirect (it exits afterwards).
	 *
	 * @param string $location Location.
	 */
	public function stop_redirect( string $location ): string {
		throw new WpDieException( 'redirect to ' . $location, 302 );
	}

	public function test_a_later_burst_shows_the_notice_again_after_dismissal(): void {
		$this->forge( SecurityEvents::DEFAULT_THRESHOLD );
		$raised = ( get_option( SecurityEvents::INCIDENTS_OPTION ) )[ $this->id ]['raised_at'];
		update_user_meta( $this->admin_id, ForgedWebhookNotice::DISMISSED_META, array( $this->id => $raised ) );
		$this->assertStringNotContainsString( 'syncwarden-forged-notice', $this->notices() );

		$incidents                          = get_option( SecurityEvents::INCIDENTS_OPTION );
		$incidents[ $this->id ]['raised_at'] = $raised + 700; // The next ten-minute window's burst.
		update_option( SecurityEvents::INCIDENTS_OPTION, $incidents, false );

		$this->assertStringContainsString( 'syncwarden-forged-notice', $this->notices() );
	}
}
