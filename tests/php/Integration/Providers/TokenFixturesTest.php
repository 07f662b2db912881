<?php

namespace SyncWarden\Tests\Integration\Providers;

use SyncWarden\Http\ErrorClassifier;
use SyncWarden\Http\HttpError;
use SyncWarden\Http\JsonShape;
use SyncWarden\OAuth\TokenAnswer;
use SyncWarden\Providers\ScopeComparison;
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

	public function test_hubspots_token_response_gives_the_grant_as_its_scopes_array(): void {
		$token = JsonShape::apply( json_decode( self::fixture( 'hubspot', 'token-response' ), true ), TokenAnswer::SHAPE );

		$this->assertArrayNotHasKey( 'scope', array_filter( $token ) );
		$this->assertSame( array( 'oauth', 'crm.objects.contacts.write', 'crm.objects.contacts.read' ), ScopeComparison::granted( $token ) );
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
			'hubspot BAD_REFRESH_TOKEN' => array( 'hubspot', 'token-error-bad-refresh-token', 400, HttpError::AUTH_REVOKED, 'BAD_REFRESH_TOKEN' ),
			'hubspot BAD_AUTH_CODE'     => array( 'hubspot', 'token-error-bad-auth-code', 400, HttpError::AUTH_REVOKED, 'BAD_AUTH_CODE' ),
			'hubspot BAD_CLIENT_ID'     => array( 'hubspot', 'token-error-bad-client-id', 400, HttpError::CONFIG, 'invalid_client' ),
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

	public function test_hubspots_own_token_error_form_names_its_code_in_the_message(): void {
		$dead   = ErrorClassifier::classify( 400, self::fixture( 'hubspot', 'token-error-bad-refresh-token' ), null );
		$client = ErrorClassifier::classify( 400, self::fixture( 'hubspot', 'token-error-bad-client-id' ), null );

		$this->assertSame( 'The provider no longer accepts this connection or its permissions (HTTP 400, BAD_REFRESH_TOKEN). Reconnect it.', $dead->getMessage() );
		$this->assertSame( 'The provider refused the client ID or secret (HTTP 400, BAD_CLIENT_ID). Check them under Settings; reconnecting will not help until they are right.', $client->getMessage() );
		$this->assertSame( 'BAD_CLIENT_ID', $client->provider_code );
		$this->assertStringNotContainsString( 'fixture:', $dead->getMessage(), 'HubSpot\'s own message is not passed on' );
	}

	public function test_a_plain_status_word_is_not_read_as_a_token_error_code(): void {
		// Zoho's API errors carry "status":"error" beside their code: that word is no OAuth code.
		$error = ErrorClassifier::classify( 400, '{"code":"INVALID_DATA","details":{},"message":"m","status":"error"}', null );

		$this->assertNull( $error->oauth_error );
		$this->assertSame( 'INVALID_DATA', $error->provider_code );
	}
}
