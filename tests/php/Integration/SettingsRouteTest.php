<?php

namespace SyncWarden\Tests\Integration;

use SyncWarden\Admin\ConnectionHealthNotices;
use SyncWarden\Admin\IncidentMailer;
use SyncWarden\Audit\AuditLog;
use SyncWarden\Tests\TestCase;

/**
 * GET/PUT /settings: typed values with defaults, validation before anything is saved, an audit
 * entry naming (not valuing) what changed, and the components really read the new values.
 */
final class SettingsRouteTest extends TestCase {

	protected function setUp(): void {
		parent::setUp();
		wp_set_current_user( self::create_user( 'administrator' ) );
	}

	public function test_defaults_are_three_failures_e_mails_on_and_90_days(): void {
		$response = $this->rest( 'GET', '/syncwarden/v1/settings' );

		$this->assertSame( 200, $response->get_status() );
		$this->assertSame(
			array(
				'failure_threshold'    => 3,
				'failure_emails'       => true,
				'audit_retention_days' => 90,
			),
			$response->get_data()
		);
	}

	public function test_saved_values_are_used_by_notices_mail_and_retention_and_audited_by_name(): void {
		$response = $this->rest(
			'PUT',
			'/syncwarden/v1/settings',
			array(
				'failure_threshold'    => 5,
				'failure_emails'       => false,
				'audit_retention_days' => 30,
			)
		);

		$this->assertSame( 200, $response->get_status() );
		$this->assertSame( 5, ConnectionHealthNotices::threshold() );
		$this->assertFalse( (bool) get_option( IncidentMailer::ENABLED_OPTION, true ) );
		$this->assertSame( '30', (string) get_option( AuditLog::RETENTION_OPTION ) );
		$entry = ( new AuditLog() )->query( array( 'action' => 'settings.changed' ) )['items'][0];
		$this->assertSame( array( 'failure_threshold', 'failure_emails', 'audit_retention_days' ), $entry['fields'] );
		$this->assertStringNotContainsString( '30', wp_json_encode( $entry['context'] ?? array() ) );
	}

	public function test_an_out_of_range_value_is_refused_and_nothing_is_saved(): void {
		$response = $this->rest(
			'PUT',
			'/syncwarden/v1/settings',
			array(
				'failure_threshold'    => 4,
				'audit_retention_days' => 2,
			)
		);

		$this->assertSame( 400, $response->get_status() );
		$this->assertArrayHasKey( 'audit_retention_days', $response->get_data()['data']['params'] );
		$this->assertSame( 3, ConnectionHealthNotices::threshold(), 'the valid field was not saved either' );
		$this->assertSame( 0, ( new AuditLog() )->query( array( 'action' => 'settings.changed' ) )['total'] );
	}

	public function test_settings_are_not_autoloaded(): void {
		$this->rest( 'PUT', '/syncwarden/v1/settings', array( 'failure_threshold' => 4 ) );

		global $wpdb;
		// WordPress 6.6 stores 'off' where 6.5 stored 'no'.
		$this->assertContains( $wpdb->get_var( $wpdb->prepare( "SELECT autoload FROM {$wpdb->options} WHERE option_name = %s", ConnectionHealthNotices::THRESHOLD_OPTION ) ), array( 'no', 'off' ) );
	}
}
