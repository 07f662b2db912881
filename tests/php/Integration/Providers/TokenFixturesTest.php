<?php

namespace SyncWarden\Tests\Integration\Providers;

use SyncWarden\Http\ErrorClassifier;
use SyncWarden\Http\HttpError;
use SyncWarden\Http\JsonShape;
use SyncWarden\OAuth\TokenAnswer;
use SyncWarden\Providers\ZohoProvider;
use SyncWarden\Tests\TestCase;

/**
 * The providers' documented token answers, token errors and a Calendly delivery
 * (tests/fixtures/providers, each with its .source.md) through SyncWarden's real parsing and
 * error classification.
 */
final class TokenFixturesTest extends TestCase {

	private static function fixture( string $provider, string $name ): string {
		return (string) file_get_contents( dirname( __DIR__, 3 ) . "/fixtures/providers/$provider/$name.json" );
	}

	/** @return array<string, array{string}> */
	public static function token_responses(): array {
		return array(
			'google'    => array( 'google' ),
			'microsoft' => array( 'microsoft' ),
			'hubspot'   => array( 'hubspot' ),
			'zoho'      => array( 'zoho' ),
			'calendly'  => array( 'calendly' ),
		);
	}

	/**
	 * @dataProvider token_responses
	 */
	public function test_each_providers_documented_token_response_is_read(): void {
		$provider = func_get_arg( 0 );
		$token    = JsonShape::apply( json_decode( self::fixture( $provider, 'token-response' ), true ), TokenAnswer::SHAPE );

		$this->assertNotSame( '', $token['access_token'] );
		$this->assertNotSame( '', $token['refresh_token'] );
		$this->assertGreaterThan( time(), TokenAnswer::expires_at( $token ) );
	}

	public function test_zohos_token_response_names_its_data_centres_api_domain(): void {
		$token = JsonShape::apply( json_decode( self::fixture( 'zoho', 'token-response' ), true ), TokenAnswer::SHAPE );

		$this->assertSame( 'https://www.zohoapis.eu', ( new ZohoProvider() )->api_base( ( new ZohoProvider() )->default_endpoints(), $token ) );
	}

	/** @return array<string, array{string, string, int, string, string}> */
	public static function token_errors(): array {
		return array(
			'google invalid_grant'      => array( 'google', 'token-error-invalid-grant', 400, HttpError::AUTH_REVOKED, 'invalid_grant' ),
			'microsoft AADSTS70008'     => array( 'microsoft', 'token-error-aadsts', 400, HttpError::AUTH_REVOKED, 'invalid_grant' ),
			'zoho invalid_code, 200'    => array( 'zoho', 'token-error-invalid-code', 200, HttpError::AUTH_REVOKED, 'invalid_code' ),
			'calendly invalid_client'   => array( 'calendly', 'token-error-invalid-client', 401, HttpError::CONFIG, 'invalid_client' ),
		);
	}

	/**
	 * @dataProvider token_errors
	 */
	public function test_each_documented_token_error_means_reconnect_or_fix_settings(): void {
		[ $provider, $name, $status, $kind, $code ] = func_get_args();

		$error = ErrorClassifier::classify( $status, self::fixture( $provider, $name ), null );

		$this->assertSame( $kind, $error->kind );
		$this->assertSame( $code, $error->oauth_error );
		if ( HttpError::CONFIG === $kind ) {
			$this->assertStringContainsString( 'client ID or secret', $error->getMessage() );
			$this->assertStringNotContainsString( 'Reconnect it', $error->getMessage() );
		}
	}
}
