<?php

namespace SyncWarden\Tests\Integration;

use SyncWarden\Admin\PrivacyTools;
use SyncWarden\Audit\AuditLog;
use SyncWarden\Providers\ProviderRegistry;
use SyncWarden\Storage\BookingsRepository;
use SyncWarden\Storage\SharingSettings;
use SyncWarden\Tests\OAuthTestCase;

/**
 * Tools → Export / Erase Personal Data through WordPress's own privacy filters.
 */
final class PrivacyToolsTest extends OAuthTestCase {

	private const BOOKING = array(
		'title'          => 'Consultation with Ada',
		'start'          => '2026-12-01T09:30:00+01:00',
		'end'            => '2026-12-01T10:00:00+01:00',
		'timezone'       => 'Europe/Berlin',
		'customer_name'  => 'Ada Lovelace',
		'customer_email' => 'ada@example.test',
		'customer_phone' => '+44 20 7946 0000',
		'notes'          => 'Allergic to cats',
	);

	private function exporter(): callable {
		return apply_filters( 'wp_privacy_personal_data_exporters', array() )['syncwarden-bookings']['callback'];
	}

	private function eraser(): callable {
		return apply_filters( 'wp_privacy_personal_data_erasers', array() )['syncwarden-bookings']['callback'];
	}

	public function test_export_returns_the_customers_bookings_only(): void {
		syncwarden_push_booking( self::BOOKING );
		syncwarden_push_booking( array_merge( self::BOOKING, array( 'customer_email' => 'grace@example.test', 'customer_name' => 'Grace Hopper' ) ) );

		$export = call_user_func( $this->exporter(), 'ada@example.test', 1 );

		$this->assertTrue( $export['done'] );
		$bookings = array_values( array_filter( $export['data'], static fn( $item ) => 'syncwarden-bookings' === $item['group_id'] ) );
		$this->assertCount( 1, $bookings );
		$values = array_column( $bookings[0]['data'], 'value', 'name' );
		$this->assertSame( array( 'Ada Lovelace', 'Allergic to cats', '2026-12-01T09:30:00+01:00' ), array( $values['Name'], $values['Notes'], $values['Start'] ) );
	}

	public function test_export_gives_an_all_day_booking_its_first_and_last_day_not_times(): void {
		syncwarden_push_booking( array_merge( self::BOOKING, array( 'all_day' => true, 'start' => '2027-12-24', 'end' => '2027-12-27', 'timezone' => 'America/Los_Angeles' ) ) );

		$export = call_user_func( $this->exporter(), 'ada@example.test', 1 );

		$values = array_column( $export['data'][0]['data'], 'value', 'name' );
		$this->assertSame( array( '2027-12-24', '2027-12-26' ), array( $values['First day (all day)'], $values['Last day (all day)'] ) );
		$this->assertArrayNotHasKey( 'Start', $values );
	}

	public function test_export_includes_the_activity_of_the_customers_bookings_by_field_name(): void {
		$ada   = syncwarden_push_booking( self::BOOKING );
		$grace = syncwarden_push_booking( array_merge( self::BOOKING, array( 'customer_email' => 'grace@example.test' ) ) );
		syncwarden_update_booking( $ada['id'], array( 'customer_phone' => '+44 20 7946 0001' ) );

		$export = call_user_func( $this->exporter(), 'ada@example.test', 1 );

		$activity = array_values( array_filter( $export['data'], static fn( $item ) => 'syncwarden-booking-activity' === $item['group_id'] ) );
		$this->assertSame( array( 'booking.created', 'booking.updated' ), array_map( static fn( $item ) => array_column( $item['data'], 'value', 'name' )['What happened'], $activity ) );
		$this->assertSame( array( (string) $ada['id'] ), array_unique( array_map( static fn( $item ) => array_column( $item['data'], 'value', 'name' )['Booking'], $activity ) ), 'nothing of Grace\'s booking ' . $grace['id'] );
		$this->assertSame( 'customer_phone', array_column( $activity[1]['data'], 'value', 'name' )['Fields sent'] );
		$this->assertStringNotContainsString( '7946 0001', (string) wp_json_encode( $activity ), 'names, never values' );
	}

	public function test_erase_blanks_personal_fields_keeps_the_booking_and_audits_a_count(): void {
		$booking = syncwarden_push_booking( self::BOOKING );

		$result = call_user_func( $this->eraser(), 'ada@example.test', 1 );

		$this->assertTrue( $result['items_removed'] );
		$this->assertTrue( $result['done'] );
		$stored = ( new BookingsRepository() )->find( $booking['id'] );
		$this->assertSame( array( '', '', '', '' ), array( $stored['customer_name'], $stored['customer_email'], $stored['customer_phone'], $stored['notes'] ) );
		$this->assertStringNotContainsString( 'Ada', $stored['title'] );
		$this->assertSame( array(), call_user_func( $this->exporter(), 'ada@example.test', 1 )['data'] );
		$entry = ( new AuditLog() )->recent( 1 )[0];
		$this->assertSame( array( 'privacy.erased', array( 'count' => 1 ) ), array( $entry['event'], $entry['context'] ) );
	}

	public function test_policy_text_lists_exactly_what_each_connected_service_receives(): void {
		$tools = new PrivacyTools( new BookingsRepository(), self::repository(), new SharingSettings(), ProviderRegistry::default(), new AuditLog() );
		$this->assertStringContainsString( 'No booking data is currently sent', $tools->policy_text() );

		$id = self::repository()->create(
			array( 'provider' => 'hubspot', 'features' => array( 'export' ), 'requested_scopes' => array(), 'granted_scopes' => array(), 'account_label' => '', 'token_endpoint' => 'https://example.test/t', 'api_base' => 'https://example.test' ),
			array( 'access_token' => 'peercanary-at-policy', 'refresh_token' => null, 'expires_at' => null )
		);
		$this->assertStringContainsString( '<li>HubSpot: e-mail address</li>', $tools->policy_text() );

		( new SharingSettings() )->save( $id, array( 'customer_phone' ) );
		$this->assertStringContainsString( '<li>HubSpot: e-mail address, phone number</li>', $tools->policy_text() );
	}
}
