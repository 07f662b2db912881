<?php

namespace SyncWarden\Tests\Integration\Sources;

use SyncWarden\Plugin;
use SyncWarden\Tests\Doubles\SimplyScheduleDouble as Ssa;
use SyncWarden\Tests\ExportTestCase;

/**
 * Simply Schedule Appointments' hooks (fired by a double written from its 1.6.12.21 source, see
 * the double) through the real source, the real outbox and the real Google peer.
 */
final class SimplyScheduleSourceTest extends ExportTestCase {

	private const EVENTS = '/api/google/calendar/v3/calendars/primary/events';

	public static function setUpBeforeClass(): void {
		parent::setUpBeforeClass();
		Ssa::create_tables();
	}

	protected function setUp(): void {
		parent::setUp();
		update_option( 'timezone_string', 'Europe/Berlin' );
		update_option( 'active_plugins', array_merge( (array) get_option( 'active_plugins', array() ), array( Ssa::PLUGIN ) ) );
		Plugin::attach_sources();
	}

	public function test_booked_rescheduled_canceled_and_deleted_export_exactly_once_each(): void {
		$this->connect( 'google', array( 'export' ) );
		$id = Ssa::book( '2026-12-10 08:00:00', 45 );
		$this->run_outbox();
		$created = $this->received( 'POST', self::EVENTS );
		$this->assertCount( 1, $created );
		$this->assertSame( array( '2026-12-10T09:00:00+01:00', '2026-12-10T09:45:00+01:00' ), array( $created[0]['body']['start']['dateTime'], $created[0]['body']['end']['dateTime'] ) );

		Ssa::reschedule( $id, '2026-12-11 10:00:00', 45 ); // rescheduled + edited, partial data.
		$this->run_outbox();
		Ssa::update( $id, array( 'status' => 'canceled' ), array( 'canceled' ) );
		$this->run_outbox();
		Ssa::delete( $id );
		$this->run_outbox();

		$this->assertCount( 1, $this->received( 'POST', self::EVENTS ) );
		$patches = $this->received( 'PATCH', self::EVENTS . '/' );
		$this->assertCount( 1, $patches );
		$this->assertSame( '2026-12-11T11:00:00+01:00', $patches[0]['body']['start']['dateTime'] );
		$this->assertCount( 1, $this->received( 'DELETE', self::EVENTS . '/' ) );
	}

	public function test_a_pending_payment_is_exported_once_booked_and_an_abandoned_one_never(): void {
		$this->connect( 'google', array( 'export' ) );
		$paid      = Ssa::book( '2026-12-12 08:00:00', 30, 'pending_payment' );
		$abandoned = Ssa::book( '2026-12-13 08:00:00', 30, 'pending_payment' );
		$this->run_outbox();
		$this->assertSame( array(), $this->received( 'POST', self::EVENTS ) );

		Ssa::update( $paid, array( 'status' => 'booked' ), array( 'booked' ) );
		Ssa::update( $abandoned, array( 'status' => 'abandoned' ), array( 'abandoned' ) );
		$this->run_outbox();

		$this->assertCount( 1, $this->received( 'POST', self::EVENTS ) );
	}

	public function test_edited_customer_information_reaches_the_crm_from_the_row_not_the_partial_hook_data(): void {
		$connection = $this->connect( 'hubspot', array( 'export' ) );
		$this->rest( 'PUT', "/syncwarden/v1/connections/{$connection['id']}/sharing", array( 'allowed' => array( 'customer_name' ) ) );
		$id = Ssa::book( '2026-12-14 08:00:00', 30 );
		$this->run_outbox();

		Ssa::update( $id, array( 'customer_information' => wp_json_encode( array( 'Name' => 'Ada King', 'Email' => 'ada@example.test' ) ) ), array( 'customer_information_edited' ) );
		$this->run_outbox();

		$updates = $this->received( 'PATCH', '/api/hubspot/crm/v3/objects/contacts/' );
		$this->assertSame( array( 'email' => 'ada@example.test', 'firstname' => 'Ada', 'lastname' => 'King' ), end( $updates )['body']['properties'] );
	}
}
