<?php

namespace SyncWarden\Tests\Integration\Sync;

use SyncWarden\Audit\AuditLog;
use SyncWarden\Providers\ProviderRegistry;
use SyncWarden\Storage\InstallId;
use SyncWarden\Sync\PayloadBuilder;
use SyncWarden\Tests\OAuthTestCase;

/**
 * PII minimisation: what each provider may receive, with the default minimal and the preview
 * produced by the same builder exports use.
 */
final class DataSharingTest extends OAuthTestCase {

	private function connection_id( string $provider ): int {
		return self::repository()->create(
			array(
				'provider'         => $provider,
				'features'         => array( 'export' ),
				'requested_scopes' => array( 's' ),
				'granted_scopes'   => array( 's' ),
				'account_label'    => '',
				'token_endpoint'   => 'https://example.test/token',
				'api_base'         => 'https://example.test',
			),
			array(
				'access_token'  => 'peercanary-at-sharing',
				'refresh_token' => null,
				'expires_at'    => null,
			)
		);
	}

	private function booking(): array {
		return array(
			'id'             => 42,
			'title'          => 'Therapy session',
			'starts_at'      => strtotime( '2026-12-01T08:30:00Z' ),
			'ends_at'        => strtotime( '2026-12-01T09:15:00Z' ),
			'timezone'       => 'Europe/Berlin',
			'status'         => 'confirmed',
			'customer_name'  => 'Ada Lovelace',
			'customer_email' => 'ada@example.test',
			'customer_phone' => '+44 20 7946 0000',
			'notes'          => 'Private notes',
		);
	}

	public function test_by_default_a_calendar_gets_a_neutral_title_and_times_only(): void {
		$payload = PayloadBuilder::build( ProviderRegistry::default()->get( 'google' ), $this->booking(), array() );

		$this->assertSame( 'Booking', $payload['summary'] );
		$this->assertSame( array( 'dateTime' => '2026-12-01T09:30:00+01:00', 'timeZone' => 'Europe/Berlin', 'date' => null ), $payload['start'] );
		$json = wp_json_encode( $payload );
		foreach ( array( 'Therapy', 'Ada', 'ada@example.test', '7946', 'Private notes' ) as $personal ) {
			$this->assertStringNotContainsString( $personal, $json );
		}
	}

	public function test_by_default_a_crm_gets_email_only_and_name_or_phone_when_allowed(): void {
		$hubspot = ProviderRegistry::default()->get( 'hubspot' );

		$this->assertSame( array( 'properties' => array( 'email' => 'ada@example.test' ) ), PayloadBuilder::build( $hubspot, $this->booking(), array() ) );
		$this->assertSame(
			array( 'properties' => array( 'email' => 'ada@example.test', 'firstname' => 'Ada', 'lastname' => 'Lovelace', 'phone' => '+44 20 7946 0000' ) ),
			PayloadBuilder::build( $hubspot, $this->booking(), array( 'customer_name', 'customer_phone', 'notes' ) )
		);
	}

	public function test_zoho_gets_a_neutral_last_name_only_when_a_contact_is_inserted_without_a_shared_name(): void {
		$zoho    = ProviderRegistry::default()->get( 'zoho' );
		$payload = PayloadBuilder::build( $zoho, $this->booking(), array() );

		$this->assertSame( array( 'data' => array( array( 'Email' => 'ada@example.test' ) ) ), $payload, 'an update never overwrites the contact’s name' );
		$this->assertSame( array( 'Email' => 'ada@example.test', 'Last_Name' => 'Booking contact' ), $zoho->export_request( 'create', $payload, null )['json']['data'][0] );
	}

	public function test_microsoft_events_carry_local_times_and_an_idempotency_id(): void {
		$payload = PayloadBuilder::build( ProviderRegistry::default()->get( 'microsoft' ), $this->booking(), array( 'title' ) );

		$this->assertSame( 'Therapy session', $payload['subject'] );
		$this->assertSame( array( 'dateTime' => '2026-12-01T09:30:00', 'timeZone' => 'W. Europe Standard Time' ), $payload['start'], 'Graph takes Windows zone ids, only a few IANA names' );
		$this->assertSame( 'syncwarden-' . InstallId::scoped( 42 ), $payload['transactionId'], 'booking 42 of this installation, not of any site' );
		$this->assertMatchesRegularExpression( '/^syncwarden-[A-Za-z0-9_-]{16}-42$/', $payload['transactionId'] );
		$this->assertArrayNotHasKey( 'body', $payload );
	}

	public function test_rest_preview_is_the_builder_output_and_changes_with_the_toggles(): void {
		$id = $this->connection_id( 'google' );

		$minimal = $this->rest( 'GET', "/syncwarden/v1/connections/$id/sharing" )->get_data();
		$phone   = $this->rest( 'POST', "/syncwarden/v1/connections/$id/sharing/preview", array( 'allowed' => array( 'customer_phone' ) ) )->get_data();

		$this->assertSame( array(), $minimal['allowed'] );
		$this->assertSame( array( 'title', 'customer_name', 'customer_email', 'customer_phone', 'notes' ), $minimal['optional'] );
		$this->assertEquals( (object) PayloadBuilder::build( ProviderRegistry::default()->get( 'google' ), PayloadBuilder::sample_booking(), array() ), $minimal['preview'] );
		$this->assertStringContainsString( 'Phone: +44 20 7946 0000', $phone['preview']->description );
		$this->assertSame( array(), $this->rest( 'GET', "/syncwarden/v1/connections/$id/sharing" )->get_data()['allowed'], 'a preview saves nothing' );
	}

	public function test_saving_persists_audits_field_names_and_refuses_unknown_fields(): void {
		$id = $this->connection_id( 'hubspot' );

		$this->assertSame( 400, $this->rest( 'PUT', "/syncwarden/v1/connections/$id/sharing", array( 'allowed' => array( 'notes' ) ) )->get_status() );
		$saved = $this->rest( 'PUT', "/syncwarden/v1/connections/$id/sharing", array( 'allowed' => array( 'customer_name' ) ) );

		$this->assertSame( array( 'customer_name' ), $saved->get_data()['allowed'] );
		$this->assertSame( array( 'customer_name' ), $this->rest( 'GET', "/syncwarden/v1/connections/$id/sharing" )->get_data()['allowed'] );
		$entry = ( new AuditLog() )->recent( 1 )[0];
		$this->assertSame( array( 'sharing.changed', array( 'customer_name' ) ), array( $entry['event'], $entry['fields'] ) );
		$this->assertSame( 404, $this->rest( 'GET', '/syncwarden/v1/connections/999999/sharing' )->get_status() );
	}

	public function test_disconnecting_forgets_the_sharing_settings(): void {
		$id = $this->connection_id( 'hubspot' );
		$this->rest( 'PUT', "/syncwarden/v1/connections/$id/sharing", array( 'allowed' => array( 'customer_phone' ) ) );

		self::repository()->delete( $id );

		$this->assertFalse( get_option( "syncwarden_sharing_$id" ) );
	}
}
