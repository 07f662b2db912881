<?php

namespace SyncWarden\Tests\Integration\Sync;

use SyncWarden\Audit\AuditLog;
use SyncWarden\Storage\BookingsRepository;
use SyncWarden\Tests\ExportTestCase;
use SyncWarden\Tests\Peer;

/**
 * CRM export (HubSpot, Zoho CRM) through the real outbox against the peer, which follows the
 * providers' documented rules (Zoho: Zoho-oauthtoken header, Last_Name mandatory on insert;
 * HubSpot: unique e-mail, 409 CONFLICT).
 */
final class CrmExportTest extends ExportTestCase {

	/** @return array<string, array{string, string}> */
	public static function crms(): array {
		return array(
			'HubSpot' => array( 'hubspot', '/api/hubspot/crm/v3/objects/contacts' ),
			'Zoho'    => array( 'zoho', '/api/zoho/crm/' ),
		);
	}

	/**
	 * @dataProvider crms
	 */
	public function test_a_booking_without_a_customer_email_is_skipped_with_the_reason_and_never_retried( string $provider, string $api ): void {
		$connection = $this->connect( $provider, array( 'export' ) );
		$booking    = syncwarden_push_booking( array_diff_key( self::CONSULTATION, array( 'customer_email' => 1 ) ) );

		$this->run_outbox_without_warnings();

		$this->assertSame( array(), array_merge( $this->received( 'POST', $api ), $this->received( 'PUT', $api ) ), 'nothing sent' );
		$job = $this->job_status( $booking['id'] );
		$this->assertSame( array( 'done', '0', 'skipped' ), array( $job['status'], (string) $job['attempts'], $job['last_error_kind'] ), 'done as skipped: not retried, not parked' );
		$entry = ( new AuditLog() )->recent( 1 )[0];
		$this->assertSame( array( 'export.skipped', array( 'customer_email' ), $connection['id'] ), array( $entry['event'], $entry['fields'], $entry['connection_id'] ) );
		$this->assertStringContainsString( 'has no customer e-mail address', $entry['context']['reason'] );
		$this->assertStringNotContainsString( 'Grace', $entry['context']['reason'], 'no values in the reason' );
		$this->assertSame( $job['last_error'], $entry['context']['reason'] );
	}

	public function test_the_same_booking_still_goes_to_a_calendar_which_needs_no_email(): void {
		$this->connect( 'google', array( 'export' ) );
		$this->connect( 'hubspot', array( 'export' ) );
		$booking = syncwarden_push_booking( array_diff_key( self::CONSULTATION, array( 'customer_email' => 1 ) ) );

		$this->run_outbox_without_warnings();

		$this->assertCount( 1, $this->received( 'POST', '/api/google/calendar/v3/calendars/primary/events' ) );
		$this->assertSame( array(), $this->received( 'POST', '/api/hubspot/' ) );
		$this->assertSame( 'done', $this->job_status( $booking['id'] )['status'] );
	}

	public function test_zoho_calls_carry_the_zoho_oauthtoken_scheme_and_create_the_contact(): void {
		$connection = $this->connect( 'zoho', array( 'export' ) );
		$booking    = syncwarden_push_booking( self::CONSULTATION );

		$this->run_outbox_without_warnings();

		$this->assertSame( 'done', $this->job_status( $booking['id'] )['status'], 'the peer refuses Bearer as Zoho does' );
		$found = $this->zoho( $connection['id'], 'GET', '/crm/v8/Contacts/search?email=grace%40example.test' );
		$this->assertSame( ( new BookingsRepository() )->external_id( $booking['id'], $connection['id'] ), $found['data'][0]['id'] );
	}

	public function test_a_zoho_contact_found_by_email_keeps_its_last_name_when_the_name_is_not_shared(): void {
		$connection = $this->connect( 'zoho', array( 'export' ) );
		$existing   = $this->zoho(
			$connection['id'],
			'POST',
			'/crm/v8/Contacts',
			array(
				'data' => array(
					array(
						'Email'     => 'grace@example.test',
						'Last_Name' => 'Hopper',
					),
				),
			)
		)['data'][0]['details']['id'];

		$booking = syncwarden_push_booking( self::CONSULTATION ); // Only the e-mail is shared by default.
		$this->run_outbox_without_warnings();

		$updates = $this->received( 'PUT', '/api/zoho/crm/v8/Contacts/' );
		$this->assertCount( 1, $updates );
		$this->assertSame( array( 'data' => array( array( 'Email' => 'grace@example.test' ) ) ), $updates[0]['body'], 'an update carries no Last_Name' );
		$this->assertCount( 1, $this->received( 'POST', '/api/zoho/crm/v8/Contacts' ), 'only the seeded contact: no second one' );
		$found = $this->zoho( $connection['id'], 'GET', '/crm/v8/Contacts/search?email=grace%40example.test' );
		$this->assertSame( array( 1, 'Hopper', $existing ), array( count( $found['data'] ), $found['data'][0]['Last_Name'], $found['data'][0]['id'] ) );
		$this->assertSame( $existing, ( new BookingsRepository() )->external_id( $booking['id'], $connection['id'] ) );
	}

	public function test_a_new_zoho_contact_gets_the_stand_in_last_name_only_when_it_is_inserted(): void {
		$this->connect( 'zoho', array( 'export' ) );
		$booking = syncwarden_push_booking( self::CONSULTATION );
		$this->run_outbox_without_warnings();
		syncwarden_update_booking( $booking['id'], array( 'customer_phone' => '+1 555 0100' ) );
		$this->run_outbox_without_warnings();

		$inserts = $this->received( 'POST', '/api/zoho/crm/v8/Contacts' );
		$this->assertCount( 1, $inserts );
		$this->assertSame( 'Booking contact', $inserts[0]['body']['data'][0]['Last_Name'] );
		$updates = $this->received( 'PUT', '/api/zoho/crm/v8/Contacts/' );
		$this->assertCount( 1, $updates, 'the linked contact is updated' );
		$this->assertArrayNotHasKey( 'Last_Name', $updates[0]['body']['data'][0] );
	}

	public function test_a_shared_name_reaches_zoho_as_first_and_last_name(): void {
		$connection = $this->connect( 'zoho', array( 'export' ) );
		$this->rest( 'PUT', "/syncwarden/v1/connections/{$connection['id']}/sharing", array( 'allowed' => array( 'customer_name' ) ) );
		syncwarden_push_booking( self::CONSULTATION );
		$this->run_outbox_without_warnings();

		$inserts = $this->received( 'POST', '/api/zoho/crm/v8/Contacts' );
		$this->assertSame(
			array(
				'Email'      => 'grace@example.test',
				'First_Name' => 'Grace',
				'Last_Name'  => 'Hopper',
			),
			$inserts[0]['body']['data'][0]
		);
	}

	public function test_hubspot_creates_with_201_and_updates_the_existing_contact_by_email_after_a_409(): void {
		$connection = $this->connect( 'hubspot', array( 'export' ) );
		$first      = syncwarden_push_booking( self::CONSULTATION );
		$this->run_outbox_without_warnings();
		$second = syncwarden_push_booking( array( 'customer_email' => 'GRACE@example.test' ) + self::CONSULTATION );
		$this->run_outbox_without_warnings();

		$this->assertCount( 2, $this->received( 'POST', '/api/hubspot/crm/v3/objects/contacts' ) );
		$this->assertCount( 1, $this->received( 'GET', '/api/hubspot/crm/v3/objects/contacts/GRACE%40example.test?idProperty=email' ) );
		$contact = ( new BookingsRepository() )->external_id( $first['id'], $connection['id'] );
		$this->assertCount( 1, $this->received( 'PATCH', "/api/hubspot/crm/v3/objects/contacts/$contact" ), 'the existing contact is updated' );
		$this->assertSame( array( 'done', 'done' ), array( $this->job_status( $first['id'] )['status'], $this->job_status( $second['id'] )['status'] ) );
	}

	/**
	 * A Zoho API call made the way the SDKs make it.
	 *
	 * @param int        $connection_id Connection.
	 * @param string     $method        Method.
	 * @param string     $path          Path below /api/zoho.
	 * @param array|null $body          JSON body.
	 */
	private function zoho( int $connection_id, string $method, string $path, ?array $body = null ): array {
		$curl = curl_init( Peer::url() . '/api/zoho' . $path );
		curl_setopt_array(
			$curl,
			array(
				CURLOPT_CUSTOMREQUEST  => $method,
				CURLOPT_RETURNTRANSFER => true,
				CURLOPT_CAINFO         => Peer::ca(),
				CURLOPT_HTTPHEADER     => array( 'Content-Type: application/json', 'Authorization: Zoho-oauthtoken ' . self::repository()->tokens( $connection_id )['access_token'] ),
				CURLOPT_POSTFIELDS     => null === $body ? null : wp_json_encode( $body ),
			)
		);
		$answer = (string) curl_exec( $curl );
		curl_close( $curl );
		return (array) json_decode( $answer, true );
	}
}
