<?php

namespace SyncWarden\Tests\Integration;

use SyncWarden\Tests\TestCase;

final class StatusRouteTest extends TestCase {

	public function test_administrator_gets_the_real_environment_report(): void {
		$this->log_in_as( 'administrator' );

		$response = $this->rest( 'GET', '/syncwarden/v1/status' );

		$this->assertSame( 200, $response->get_status() );
		$this->assertSame(
			array(
				'plugin_version'    => SYNCWARDEN_VERSION,
				'wordpress_version' => get_bloginfo( 'version' ),
				'php_version'       => PHP_VERSION,
				'sodium'            => extension_loaded( 'sodium' ) ? 'native' : 'compat',
				'https'             => false,
				'wp_cron_disabled'  => true,
				'environment_type'  => 'local',
			),
			$response->get_data()
		);
	}

	public function test_report_follows_https_configuration(): void {
		$this->log_in_as( 'administrator' );
		$https = static fn( $url ) => set_url_scheme( $url, 'https' );
		add_filter( 'home_url', $https );
		add_filter( 'site_url', $https );

		$data = $this->rest( 'GET', '/syncwarden/v1/status' )->get_data();

		remove_filter( 'home_url', $https );
		remove_filter( 'site_url', $https );
		$this->assertTrue( $data['https'] );
	}

	public function test_response_matches_the_published_schema(): void {
		$this->log_in_as( 'administrator' );
		$schema = $this->rest( 'OPTIONS', '/syncwarden/v1/status' )->get_data()['schema'];

		$data = $this->rest( 'GET', '/syncwarden/v1/status' )->get_data();

		$this->assertSame( array_keys( $schema['properties'] ), array_keys( $data ) );
		$this->assertTrue( rest_validate_value_from_schema( $data, $schema ) );
	}

	public function test_unknown_parameter_is_refused_with_a_clear_message(): void {
		$this->log_in_as( 'administrator' );

		$response = $this->rest( 'GET', '/syncwarden/v1/status', array( 'verbose' => '1' ) );

		$this->assertSame( 400, $response->get_status() );
		$this->assertSame( 'syncwarden_unknown_parameter', $response->get_data()['code'] );
		$this->assertSame( 'Unknown parameter: verbose. This endpoint accepts: no parameters.', $response->get_data()['message'] );
	}

	public function test_anonymous_visitor_is_told_to_log_in(): void {
		$response = $this->rest( 'GET', '/syncwarden/v1/status' );

		$this->assertSame( 401, $response->get_status() );
		$this->assertSame( 'Only site administrators can manage SyncWarden.', $response->get_data()['message'] );
	}

	public function test_subscriber_is_forbidden(): void {
		$this->log_in_as( 'subscriber' );

		$this->assertSame( 403, $this->rest( 'GET', '/syncwarden/v1/status' )->get_status() );
	}
}
