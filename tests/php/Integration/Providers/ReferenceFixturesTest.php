<?php

namespace SyncWarden\Tests\Integration\Providers;

use SyncWarden\Http\JsonShape;
use SyncWarden\Providers\CalendlyProvider;
use SyncWarden\Providers\CalendlyWebhookApi;
use SyncWarden\Providers\GoogleProvider;
use SyncWarden\Providers\GoogleWatchApi;
use SyncWarden\Providers\GraphSubscriptionApi;
use SyncWarden\Providers\HubSpotProvider;
use SyncWarden\Providers\MicrosoftProvider;
use SyncWarden\Providers\Provider;
use SyncWarden\Providers\ZohoProvider;
use SyncWarden\Tests\TestCase;

/**
 * Payloads written after the providers' own references (see each fixture's .source.md) go
 * through the code that reads the real answers: the shape each call declares, then the
 * provider's own reading of it. A reference shape SyncWarden cannot read fails here, not in
 * production.
 */
final class ReferenceFixturesTest extends TestCase {

	/** Decoded fixture `tests/fixtures/providers/<provider>/<name>.json`. */
	private static function fixture( string $provider, string $name ): array {
		$path = dirname( __DIR__, 3 ) . "/fixtures/providers/$provider/$name.json";
		self::assertFileExists( $path );
		self::assertFileExists( substr( $path, 0, -5 ) . '.source.md', 'every fixture names its reference' );
		return json_decode( (string) file_get_contents( $path ), true, 64, JSON_THROW_ON_ERROR );
	}

	/** The test call's answer, shaped as the test call declares and read by the provider. */
	private static function test_call( Provider $provider, array $answer ): array {
		$data = JsonShape::apply( $answer, $provider->test_request()['shape'] );
		return array( $provider->account_label( $data ), $provider->account_ref( $data ) );
	}

	public function test_the_google_test_call_answer_names_the_calendar(): void {
		$this->assertSame( array( 'front-desk@example.org', '' ), self::test_call( new GoogleProvider(), self::fixture( 'google', 'test-call-events-summary' ) ) );
	}

	public function test_the_graph_me_answer_names_the_user_principal(): void {
		$this->assertSame( array( 'front-desk@example.org', '' ), self::test_call( new MicrosoftProvider(), self::fixture( 'microsoft', 'me' ) ) );
	}

	public function test_the_hubspot_account_details_give_the_portal_as_label_and_reference(): void {
		[ $label, $ref ] = self::test_call( new HubSpotProvider(), self::fixture( 'hubspot', 'account-info-details' ) );

		$this->assertStringContainsString( '24681357', $label );
		$this->assertSame( '24681357', $ref );
	}

	public function test_the_zoho_current_user_answer_names_the_user(): void {
		$this->assertSame( array( 'front-desk@example.org', '' ), self::test_call( new ZohoProvider(), self::fixture( 'zoho', 'users-current-user' ) ) );
	}

	public function test_calendly_users_me_gives_the_email_as_label_and_the_user_uri_as_reference(): void {
		$this->assertSame(
			array( 'front-desk@example.org', 'https://api.calendly.com/users/FIXTUREUSER00001' ),
			self::test_call( new CalendlyProvider(), self::fixture( 'calendly', 'users-me' ) )
		);
		$me = JsonShape::apply( self::fixture( 'calendly', 'users-me' ), CalendlyWebhookApi::current_user()['shape'] );
		$this->assertSame( 'https://api.calendly.com/organizations/FIXTUREORG000001', $me['resource']['current_organization'] );
	}

	public function test_a_calendly_scheduled_events_page_imports_active_and_cancelled_events_and_the_next_page(): void {
		$provider = new CalendlyProvider();
		$request  = $provider->import_request( null, null, 'https://api.calendly.com/users/FIXTUREUSER00001' );

		$page = $provider->import_page( JsonShape::apply( self::fixture( 'calendly', 'scheduled-events-page' ), $request['shape'] ) );

		$this->assertSame( 'fixtureNextPageToken0001', $page['next_page'] );
		$this->assertNull( $page['sync_token'] );
		$this->assertSame(
			array(
				array(
					'external_id' => 'FIXTUREEVENT0001',
					'status'      => 'confirmed',
					'title'       => '30 Minute Consultation',
					'starts_at'   => gmmktime( 9, 0, 0, 12, 8, 2026 ),
					'ends_at'     => gmmktime( 9, 30, 0, 12, 8, 2026 ),
					'timezone'    => 'UTC',
				),
				array(
					'external_id' => 'FIXTUREEVENT0002',
					'status'      => 'cancelled',
				),
			),
			$page['events']
		);
	}

	public function test_a_calendly_invitee_created_delivery_becomes_the_booking_with_its_invitee(): void {
		$delivery = JsonShape::apply( self::fixture( 'calendly', 'webhook-invitee-created' ), CalendlyWebhookApi::delivery_shape() );

		$event = CalendlyWebhookApi::event( $delivery );

		$this->assertSame( 'FIXTUREEVENT0001', $event['external_id'] );
		$this->assertSame( 'confirmed', $event['status'] );
		$this->assertSame( gmmktime( 9, 0, 0, 12, 8, 2026 ), $event['starts_at'] );
		$this->assertSame( 'Ada Example', $event['customer_name'] );
		$this->assertSame( 'ada@example.net', $event['customer_email'] );
	}

	public function test_calendly_webhook_subscription_answers_give_uri_callback_and_state(): void {
		$created = JsonShape::apply( self::fixture( 'calendly', 'webhook-subscription-created' ), CalendlyWebhookApi::create( 'https://booking.example.org/x', 'o', 'u', 'k' )['shape'] );
		$listed  = JsonShape::apply( self::fixture( 'calendly', 'webhook-subscriptions-list' ), CalendlyWebhookApi::list( 'o', 'u' )['shape'] );

		$this->assertSame( 'FIXTUREHOOK00001', CalendlyWebhookApi::uuid( $created['resource']['uri'] ) );
		$this->assertSame( 'active', $created['resource']['state'] );
		$this->assertSame( 'https://booking.example.org/wp-json/syncwarden/v1/webhooks/calendly/7', $listed['collection'][0]['callback_url'] );
		$this->assertSame( 'disabled', $listed['collection'][0]['state'] );
	}

	public function test_a_google_watch_answer_with_its_millisecond_expiry_as_a_string_is_read(): void {
		$channel = JsonShape::apply( self::fixture( 'google', 'events-watch-response' ), GoogleWatchApi::watch( 'c', 'https://booking.example.org/x', 't' )['shape'] );

		$this->assertSame( 'o3hgv1538sdjfh-fixture-resource', $channel['resourceId'] );
		$this->assertSame( 1796464800, GoogleWatchApi::expires_at( $channel ) );
	}

	public function test_google_push_headers_carry_a_resource_state_syncwarden_knows(): void {
		$headers = self::fixture( 'google', 'push-notification-headers' );

		$this->assertContains( $headers['X-Goog-Resource-State'], GoogleWatchApi::STATES );
		$this->assertMatchesRegularExpression( '/^[A-Za-z0-9\-_+\/=]{1,64}$/', $headers['X-Goog-Channel-ID'], 'Google’s channel id rule' );
	}

	public function test_a_graph_subscription_answer_with_seven_fractional_digits_gives_its_expiry(): void {
		$subscription = JsonShape::apply( self::fixture( 'microsoft', 'subscription-created' ), GraphSubscriptionApi::create( 'https://booking.example.org/x', 's', time() + 3600 )['shape'] );

		$this->assertSame( '5e1f0c7a-2b9d-4c3e-8f6a-7d1b2c3e4f5a', $subscription['id'] );
		$this->assertSame( gmmktime( 10, 0, 0, 12, 5, 2026 ), GraphSubscriptionApi::expires_at( $subscription ) );
	}

	public function test_a_graph_change_notification_gives_the_subscription_and_client_state(): void {
		$batch = JsonShape::apply( self::fixture( 'microsoft', 'change-notification' ), GraphSubscriptionApi::notification_shape() );

		$this->assertSame(
			array(
				array(
					'subscriptionId' => '5e1f0c7a-2b9d-4c3e-8f6a-7d1b2c3e4f5a',
					'clientState'    => 'fixture-client-state-not-a-secret',
					'changeType'     => 'updated',
				),
			),
			$batch['value']
		);
	}
}
