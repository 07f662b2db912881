<?php

namespace SyncWarden\Tests\Integration\Sync;

use SyncWarden\Tests\ExportTestCase;
use SyncWarden\Tests\Peer;

/**
 * Every error form the export targets document, answered by the peer to a real export: each is
 * classified (reconnect needed, transient with backoff, a setting to fix, or a data error for this
 * one booking) and described in plain words; a data error parks its job at once while other
 * bookings go on; nothing becomes a PHP warning or a lost booking.
 */
final class ExportErrorsTest extends ExportTestCase {

	private const CREATE = array(
		'google'    => '/api/google/calendar/v3/calendars/primary/events',
		'microsoft' => '/api/microsoft/v1.0/me/events',
		'hubspot'   => '/api/hubspot/crm/v3/objects/contacts',
		'zoho'      => '/api/zoho/crm/v8/Contacts',
	);

	private const BOOKING = array(
		'title'          => 'Consultation',
		'start'          => '2026-12-01T09:30:00+01:00',
		'end'            => '2026-12-01T10:15:00+01:00',
		'timezone'       => 'Europe/Berlin',
		'customer_email' => 'grace@example.test',
	);

	/**
	 * Provider, fixture, HTTP status, headers, expected kind, words the reason must contain.
	 *
	 * @return array<string, array>
	 */
	public static function data_errors(): array {
		return array(
			'HubSpot INVALID_EMAIL'              => array( 'hubspot', 'invalid-email', 400, 'e-mail address is not one it accepts' ),
			'HubSpot PROPERTY_DOESNT_EXIST'      => array( 'hubspot', 'property-doesnt-exist', 400, 'does not exist in that account' ),
			'Zoho MANDATORY_NOT_FOUND'           => array( 'zoho', 'mandatory-not-found', 400, 'a field it requires is missing' ),
			'Zoho INVALID_DATA'                  => array( 'zoho', 'invalid-data', 400, 'does not have the form it accepts' ),
			'Zoho DUPLICATE_DATA'                => array( 'zoho', 'duplicate-data', 400, 'already has the same unique value' ),
			'Google timeRangeEmpty'              => array( 'google', 'time-range-empty', 400, 'ends before it starts' ),
			'Graph ErrorInvalidRequest'          => array( 'microsoft', 'invalid-request', 400, 'does not have the form it accepts' ),
			'Graph TimeZoneNotSupportedException' => array( 'microsoft', 'timezone-not-supported', 400, 'time zone' ),
		);
	}

	/**
	 * @dataProvider data_errors
	 */
	public function test_a_data_error_parks_that_booking_at_once_in_plain_words_and_others_go_on( string $provider, string $fixture, int $status, string $words ): void {
		$this->connect( $provider, array( 'export' ) );
		Peer::fail_next( self::CREATE[ $provider ], array( 'status' => $status, 'body' => self::fixture( $provider, $fixture ), 'headers' => array( 'Content-Type' => 'application/json' ) ) );
		$refused = syncwarden_push_booking( self::BOOKING );
		$other   = syncwarden_push_booking( array( 'customer_email' => 'ada@example.test' ) + self::BOOKING );

		$this->run_outbox_without_warnings();

		$job = $this->job_status( $refused['id'] );
		$this->assertSame( array( 'parked', '1', 'data' ), array( $job['status'], (string) $job['attempts'], $job['last_error_kind'] ), 'parked at once, no retry storm' );
		$this->assertStringContainsString( $words, $job['last_error'] );
		$this->assertDoesNotMatchRegularExpression( '/[A-Z]{2,}_[A-Z]+|grace@|Exception/', $job['last_error'], 'plain words: no codes, no values' );
		$this->assertSame( 'done', $this->job_status( $other['id'] )['status'], 'other bookings continue' );
		$this->assertSame( 'connected', self::repository()->find( $this->connections()[0]['id'] )['status'], 'one booking’s data says nothing about the connection' );
	}

	/**
	 * Provider, fixture, status, headers, expected kind, expected job status.
	 *
	 * @return array<string, array>
	 */
	public static function other_errors(): array {
		$hubspot_limit = array(
			'X-HubSpot-RateLimit-Interval-Milliseconds' => '10000',
			'X-HubSpot-RateLimit-Max'                   => '100',
			'X-HubSpot-RateLimit-Remaining'             => '0',
		);
		return array(
			'HubSpot 429 with X-HubSpot-RateLimit-*' => array( 'hubspot', 'rate-limited', 429, $hubspot_limit, 'transient', 'pending' ),
			'Zoho 429 TOO_MANY_REQUESTS'             => array( 'zoho', 'too-many-requests', 429, array( 'Retry-After' => '60' ), 'transient', 'pending' ),
			'Google 403 rateLimitExceeded'           => array( 'google', 'rate-limit-exceeded', 403, array( 'Retry-After' => '60' ), 'transient', 'pending' ),
			'Graph 429 TooManyRequests'              => array( 'microsoft', 'too-many-requests', 429, array( 'Retry-After' => '60' ), 'transient', 'pending' ),
			'HubSpot 403 MISSING_SCOPES'             => array( 'hubspot', 'missing-scopes', 403, array(), 'auth_revoked', 'parked' ),
			'Google 403 insufficientPermissions'     => array( 'google', 'insufficient-permissions', 403, array(), 'auth_revoked', 'parked' ),
			'Zoho 401 INVALID_TOKEN'                 => array( 'zoho', 'invalid-token', 401, array(), 'auth_revoked', 'parked' ),
		);
	}

	/**
	 * @dataProvider other_errors
	 */
	public function test_transient_errors_back_off_and_reconnect_errors_park_with_words( string $provider, string $fixture, int $status, array $headers, string $kind, string $job_status ): void {
		$this->connect( $provider, array( 'export' ) );
		Peer::fail_next( self::CREATE[ $provider ], array( 'status' => $status, 'body' => self::fixture( $provider, $fixture ), 'headers' => array( 'Content-Type' => 'application/json' ) + $headers, 'times' => 9 ) );
		$booking = syncwarden_push_booking( self::BOOKING );

		$this->run_outbox_without_warnings();

		$job = $this->job_status( $booking['id'] );
		$this->assertSame( array( $job_status, '1', $kind ), array( $job['status'], (string) $job['attempts'], $job['last_error_kind'] ) );
		$this->assertMatchesRegularExpression( 'transient' === $kind ? '/busy or unavailable.*will retry/' : '/Reconnect it/', $job['last_error'] );
		if ( 'transient' === $kind ) {
			Peer::control( 'POST', '/reset', array() );
			$this->make_due( $booking['id'] );
			$this->run_outbox_without_warnings();
			$this->assertSame( 'done', $this->job_status( $booking['id'] )['status'], 'nothing lost once the provider is back' );
		}
	}

	/**
	 * Graph answer to the cancel's DELETE, the job's status after it (done: the event counts as
	 * already gone; pending: a setting to fix, retried later, the event is not taken as deleted),
	 * the error kind left on the job and words its reason must contain.
	 *
	 * @return array<string, array{string, string, string, string}>
	 */
	public static function cancel_404s(): array {
		return array(
			'ErrorItemNotFound: already deleted'             => array( '{"error":{"code":"ErrorItemNotFound","message":"The specified object was not found in the store."}}', 'done', '', '' ),
			'MailboxNotEnabledForRESTAPI: the mailbox, not the event' => array( self::fixture( 'microsoft', 'mailbox-not-enabled-for-rest-api' ), 'pending', 'config', 'mailbox is not in Exchange Online' ),
		);
	}

	/**
	 * @dataProvider cancel_404s
	 */
	public function test_a_cancel_answered_404_counts_as_already_deleted_only_when_the_event_is_what_is_missing( string $body, string $job_status, string $kind, string $words ): void {
		$this->connect( 'microsoft', array( 'export' ) );
		$booking = syncwarden_push_booking( self::BOOKING );
		$this->run_outbox_without_warnings();
		$this->assertSame( 'done', $this->job_status( $booking['id'] )['status'] );
		global $wpdb;
		$event = $wpdb->get_var( $wpdb->prepare( "SELECT external_id FROM {$wpdb->prefix}syncwarden_booking_links WHERE booking_id = %d", $booking['id'] ) );
		Peer::fail_next( '/api/microsoft/v1.0/me/events/' . rawurlencode( (string) $event ), array( 'status' => 404, 'body' => $body, 'headers' => array( 'Content-Type' => 'application/json' ), 'times' => 9 ) );

		syncwarden_cancel_booking( $booking['id'] );
		$this->run_outbox_without_warnings();

		$job = $this->job_status( $booking['id'] );
		$this->assertSame( array( $job_status, $kind ), array( $job['status'], (string) $job['last_error_kind'] ) );
		$this->assertStringContainsString( $words, (string) $job['last_error'] );
	}
}
