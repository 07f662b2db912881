<?php

namespace SyncWarden\Tests\Security;

use SyncWarden\Tests\Harness\CanaryScanner;
use SyncWarden\Tests\TestCase;
use WP_REST_Response;

final class CanaryScannerTest extends TestCase {

	// Characters that change under URL, JSON and base64 encoding, so each form is distinct.
	private const CANARY = 'canary+7f3a/9c2e=secret';

	public function test_finds_a_canary_stored_in_the_database(): void {
		add_option( 'harness_leak', array( 'token' => self::CANARY ), '', false );

		$findings = ( new CanaryScanner( array( self::CANARY ) ) )->scan_database()->findings();

		$this->assertNotEmpty( $findings );
		$this->assertStringContainsString( 'options', implode( "\n", $findings ) );
	}

	public function test_finds_a_canary_written_to_debug_log(): void {
		error_log( 'request failed with Authorization: Bearer ' . self::CANARY );

		$findings = ( new CanaryScanner( array( self::CANARY ) ) )->scan_file( WP_DEBUG_LOG )->findings();

		$this->assertSame( array( 'file debug.log contains canary cana… (plaintext)' ), $findings );
		$this->remove_canary_from_debug_log();
	}

	public function test_finds_a_canary_in_a_rest_response_body_and_encoded_forms(): void {
		$scanner = new CanaryScanner( array( self::CANARY ) );
		$scanner->scan_rest_response( 'GET /x', new WP_REST_Response( array( 'nested' => array( 'value' => base64_encode( self::CANARY ) ) ) ) );
		$scanner->scan_text( 'admin page HTML', '<a href="https://example.test/?t=' . rawurlencode( self::CANARY . '/x' ) . '">' );

		$this->assertSame(
			array(
				'REST response GET /x contains canary cana… (base64)',
				'admin page HTML contains canary cana… (url-encoded)',
			),
			$scanner->findings()
		);
	}

	public function test_finds_a_canary_stored_hex_or_base64url_encoded(): void {
		$key = 'signing-key>>>???'; // Its base64 has "+" and "/", so base64url differs.
		add_option( 'harness_hex', bin2hex( $key ), '', false );
		$scanner = ( new CanaryScanner( array( $key ) ) )->scan_database();
		$scanner->scan_text( 'webhook log', 'key=' . rtrim( strtr( base64_encode( $key ), '+/', '-_' ), '=' ) );

		$findings = implode( "\n", $scanner->findings() );
		$this->assertStringContainsString( '(hex)', $findings );
		$this->assertStringContainsString( 'webhook log contains canary sign… (base64url)', $findings );
	}

	public function test_scans_every_readable_route_including_ones_added_later(): void {
		rest_get_server();
		register_rest_route(
			\SyncWarden\REST\Router::NAMESPACE,
			'/harness-leaky/(?P<id>\d+)',
			array(
				'methods'             => 'GET',
				'callback'            => static fn( $request ) => array( 'id' => $request['id'], 'secret' => self::CANARY ),
				'permission_callback' => '__return_true',
			)
		);

		$findings = ( new CanaryScanner( array( self::CANARY ) ) )->scan_readable_routes( array( 'id' => '42' ) )->findings();

		$this->assertContains( 'REST response GET /syncwarden/v1/harness-leaky/42 contains canary cana… (plaintext)', $findings );
	}

	public function test_reports_nothing_when_the_canary_is_absent(): void {
		$scanner = new CanaryScanner( array( self::CANARY ) );
		$scanner->scan_database()->scan_text( 'page', '<p>nothing here</p>' )->scan_file( WP_DEBUG_LOG );

		$this->assertSame( array(), $scanner->findings() );
	}

	public function test_refuses_short_canaries_that_would_match_by_accident(): void {
		$this->expectException( \InvalidArgumentException::class );
		new CanaryScanner( array( 'abc' ) );
	}

	/** The harness test must not leave its own canary behind for later scans. */
	private function remove_canary_from_debug_log(): void {
		$log = (string) file_get_contents( WP_DEBUG_LOG );
		file_put_contents( WP_DEBUG_LOG, str_replace( self::CANARY, '[removed]', $log ) );
	}
}
