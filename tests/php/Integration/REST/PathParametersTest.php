<?php

namespace SyncWarden\Tests\Integration\REST;

use SyncWarden\Sync\SyncIntervals;
use SyncWarden\Tests\OAuthTestCase;
use WP_REST_Request;
use WP_REST_Response;

/**
 * The route's path parameters are authoritative: a body or query string naming another id is
 * refused with a 400 and changes nothing (WordPress's get_param() would otherwise prefer it).
 */
final class PathParametersTest extends OAuthTestCase {

	private const BOOKING = array(
		'title'          => 'Haircut',
		'start'          => '2026-12-01T09:00:00Z',
		'end'            => '2026-12-01T10:00:00Z',
		'timezone'       => 'UTC',
		'customer_name'  => 'Ada Lovelace',
		'customer_email' => 'ada@example.test',
	);

	private function json( string $method, string $path, array $body, array $query = array() ): WP_REST_Response {
		$request = new WP_REST_Request( $method, $path );
		$request->set_header( 'Content-Type', 'application/json' );
		$request->set_body( (string) wp_json_encode( $body ) );
		$request->set_query_params( $query );
		return rest_do_request( $request );
	}

	private function titles(): array {
		return array_column( $this->rest( 'GET', '/syncwarden/v1/bookings' )->get_data(), 'title', 'id' );
	}

	private function interval_of( string $provider ): int {
		$connection = array_values( array_filter( $this->connections(), static fn( $c ) => $c['provider'] === $provider ) )[0];
		return $connection['sync']['interval'];
	}

	public function test_a_json_body_naming_another_booking_is_refused_and_neither_booking_changes(): void {
		$this->log_in_as( 'administrator' );
		$first  = $this->rest( 'POST', '/syncwarden/v1/bookings', self::BOOKING )->get_data()['id'];
		$second = $this->rest( 'POST', '/syncwarden/v1/bookings', self::BOOKING )->get_data()['id'];

		$response = $this->json( 'PUT', "/syncwarden/v1/bookings/$first", array( 'id' => $second, 'title' => 'Hijacked' ) );

		$this->assertSame( 400, $response->get_status() );
		$this->assertSame( 'syncwarden_path_parameter', $response->get_data()['code'] );
		$this->assertSame( array( $first => 'Haircut', $second => 'Haircut' ), array_intersect_key( $this->titles(), array_flip( array( $first, $second ) ) ) );
	}

	public function test_a_query_string_naming_another_connection_is_refused_and_both_schedules_stay(): void {
		$mine  = $this->connect( 'google', array( 'import' ) )['id'];
		$this->connect( 'microsoft', array( 'import' ) );
		$other = array_values( array_filter( $this->connections(), static fn( $c ) => 'microsoft' === $c['provider'] ) )[0]['id'];

		$response = $this->json( 'PUT', "/syncwarden/v1/connections/$mine/schedule", array( 'interval' => 60 ), array( 'id' => (string) $other ) );

		$this->assertSame( 400, $response->get_status() );
		$this->assertSame( SyncIntervals::DEFAULT, $this->interval_of( 'microsoft' ) );
		$this->assertSame( SyncIntervals::DEFAULT, $this->interval_of( 'google' ) );
	}

	public function test_the_same_id_repeated_in_the_body_is_harmless_and_accepted(): void {
		$this->log_in_as( 'administrator' );
		$id = $this->rest( 'POST', '/syncwarden/v1/bookings', self::BOOKING )->get_data()['id'];

		$response = $this->json( 'PUT', "/syncwarden/v1/bookings/$id", array( 'id' => $id, 'title' => 'Beard trim' ) );

		$this->assertSame( 200, $response->get_status() );
		$this->assertSame( 'Beard trim', $response->get_data()['title'] );
	}
}
