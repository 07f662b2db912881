<?php

namespace SyncWarden\Tests\Integration\REST;

use SyncWarden\Tests\TestCase;

/**
 * WordPress's argument errors on syncwarden/v1 routes come back in words: each field says what to
 * enter, the summary names the field as the screen does, no parameter name or schema jargon.
 */
final class PlainErrorsTest extends TestCase {

	protected function setUp(): void {
		parent::setUp();
		$this->log_in_as( 'administrator' );
	}

	public function test_an_out_of_range_number_says_what_to_enter_in_words(): void {
		$response = $this->rest( 'PUT', '/syncwarden/v1/settings', array( 'failure_threshold' => 0 ) );
		$data     = $response->get_data();

		$this->assertSame( 400, $response->get_status() );
		$this->assertSame( 'rest_invalid_param', $data['code'] );
		$this->assertSame( 'Enter a whole number from 1 to 20.', $data['data']['params']['failure_threshold'] );
		$this->assertSame( 'Nothing was saved. Failed attempts before a notice: Enter a whole number from 1 to 20.', $data['message'] );
		$this->assertStringNotContainsString( 'failure_threshold', $data['message'] );
		$this->assertStringNotContainsString( 'inclusive', wp_json_encode( $data ) );
	}

	public function test_every_failing_field_is_named_and_keeps_its_own_message(): void {
		$response = $this->rest(
			'PUT',
			'/syncwarden/v1/settings',
			array(
				'failure_threshold'    => 99,
				'audit_retention_days' => 2,
			)
		);
		$params = $response->get_data()['data']['params'];

		$this->assertSame( 'Enter a whole number from 7 to 3650.', $params['audit_retention_days'] );
		$this->assertSame( 'Enter a whole number from 1 to 20.', $params['failure_threshold'] );
		$this->assertStringContainsString( 'Days to keep the activity log: Enter a whole number from 7 to 3650.', $response->get_data()['message'] );
	}

	public function test_a_choice_outside_the_list_and_a_missing_field_are_worded_too(): void {
		$interval = $this->rest( 'PUT', '/syncwarden/v1/connections/1/schedule', array( 'interval' => 7 ) );
		$this->assertSame( 400, $interval->get_status() );
		$this->assertSame( 'Choose one of the offered options.', $interval->get_data()['data']['params']['interval'] );
		$this->assertStringStartsWith( 'Nothing was saved. Sync automatically every: ', $interval->get_data()['message'] );

		$missing = $this->rest( 'PUT', '/syncwarden/v1/connections/1/schedule', array() );
		$this->assertSame( 400, $missing->get_status() );
		$this->assertSame( 'rest_missing_callback_param', $missing->get_data()['code'] );
		$this->assertSame( 'This is required.', $missing->get_data()['data']['params']['interval'] );
	}

	public function test_a_message_a_route_wrote_itself_is_kept(): void {
		$response = $this->rest( 'PUT', '/syncwarden/v1/providers/google/credentials', array( 'client_id' => "bad\nid" ) );

		$this->assertSame( 400, $response->get_status() );
		$message = $response->get_data()['data']['params']['client_id'];
		$this->assertStringNotContainsString( 'client_id', $message );
		$this->assertNotSame( 'This value cannot be used here.', $message );
		$this->assertSame( 'Nothing was saved. ' . $message, $response->get_data()['message'], 'its message names the field already' );
	}

	public function test_other_namespaces_keep_wordpress_wording(): void {
		$response = $this->rest( 'GET', '/wp/v2/posts', array( 'per_page' => 1000 ) );

		$this->assertSame( 400, $response->get_status() );
		$this->assertStringStartsWith( 'Invalid parameter(s): per_page', $response->get_data()['message'] );
	}
}
