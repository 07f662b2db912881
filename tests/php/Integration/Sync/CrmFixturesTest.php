<?php

namespace SyncWarden\Tests\Integration\Sync;

use SyncWarden\Http\ErrorClassifier;
use SyncWarden\Http\HttpError;
use SyncWarden\Http\JsonShape;
use SyncWarden\Providers\HubSpotProvider;
use SyncWarden\Providers\ZohoProvider;
use SyncWarden\Tests\TestCase;

/**
 * The documented payloads (tests/fixtures/providers, each with its source) through the providers'
 * real shapes and id readers, and every error fixture through the one classifier.
 */
final class CrmFixturesTest extends TestCase {

	private static function fixture( string $provider, string $name ): string {
		return (string) file_get_contents( dirname( __DIR__, 3 ) . "/fixtures/providers/$provider/$name.json" );
	}

	private static function read( string $provider, string $name, array $shape ): array {
		return JsonShape::apply( json_decode( self::fixture( $provider, $name ), true ), $shape );
	}

	public function test_hubspot_and_zoho_success_answers_yield_the_record_id(): void {
		$hubspot = new HubSpotProvider();
		$create  = $hubspot->export_request( 'create', array( 'properties' => array( 'email' => 'a@example.test' ) ), null );
		$this->assertSame( '777001', $hubspot->exported_id( self::read( 'hubspot', 'contact-created', $create['shape'] ) ) );

		$zoho  = new ZohoProvider();
		$body  = array( 'data' => array( array( 'Email' => 'a@example.test' ) ) );
		$shape = $zoho->export_request( 'create', $body, null )['shape'];
		$this->assertSame( $shape, $zoho->export_request( 'update', $body, '1' )['shape'] );
		foreach ( array( 'insert-success', 'update-success', 'upsert-success' ) as $name ) {
			$this->assertSame( '4150868000001234001', $zoho->exported_id( self::read( 'zoho', $name, $shape ) ), $name );
		}
		$lookup = $zoho->find_exported( 1, $body );
		$this->assertTrue( $lookup['before_create'] );
		$this->assertSame( '/crm/v8/Contacts/search?email=a%40example.test', $lookup['path'] );
		$this->assertSame( '4150868000001234001', ( $lookup['id'] )( self::read( 'zoho', 'search-found', $lookup['shape'] ) ) );
		$this->assertNull( ( $lookup['id'] )( array() ), 'a 204 (nothing found) finds nothing' );
	}

	public function test_zoho_inserts_with_a_stand_in_last_name_and_updates_without_one(): void {
		$zoho = new ZohoProvider();
		$body = $zoho->map_booking( array( 'customer_email' => 'a@example.test' ) );
		$this->assertSame( array( 'data' => array( array( 'Email' => 'a@example.test' ) ) ), $body );
		$this->assertSame( 'Booking contact', $zoho->export_request( 'create', $body, null )['json']['data'][0]['Last_Name'] );
		$update = $zoho->export_request( 'update', $body, '42' );
		$this->assertSame( array( 'PUT', '/crm/v8/Contacts/42', $body ), array( $update['method'], $update['path'], $update['json'] ) );
		$this->assertNull( $zoho->export_request( 'cancel', $body, '42' ) );
		$this->assertSame( 'Zoho-oauthtoken', $zoho->authorization_scheme() );
		$this->assertSame( 'Bearer', ( new HubSpotProvider() )->authorization_scheme() );
	}

	/** @return array<int, array{string, string, int, string, string}> */
	public static function error_fixtures(): array {
		return array(
			array( 'hubspot', 'contact-conflict', 409, HttpError::DATA, 'CONFLICT' ),
			array( 'hubspot', 'invalid-email', 400, HttpError::DATA, 'INVALID_EMAIL' ),
			array( 'hubspot', 'property-doesnt-exist', 400, HttpError::DATA, 'PROPERTY_DOESNT_EXIST' ),
			array( 'hubspot', 'rate-limited', 429, HttpError::TRANSIENT, 'RATE_LIMIT' ),
			array( 'hubspot', 'missing-scopes', 403, HttpError::AUTH_REVOKED, 'MISSING_SCOPES' ),
			array( 'zoho', 'invalid-token', 401, HttpError::AUTH_REVOKED, 'INVALID_TOKEN' ),
			array( 'zoho', 'mandatory-not-found', 400, HttpError::DATA, 'MANDATORY_NOT_FOUND' ),
			array( 'zoho', 'invalid-data', 400, HttpError::DATA, 'INVALID_DATA' ),
			array( 'zoho', 'duplicate-data', 400, HttpError::DATA, 'DUPLICATE_DATA' ),
			array( 'zoho', 'too-many-requests', 429, HttpError::TRANSIENT, 'TOO_MANY_REQUESTS' ),
			array( 'zoho', 'authentication-failure', 401, HttpError::AUTH_REVOKED, 'AUTHENTICATION_FAILURE' ),
			array( 'zoho', 'oauth-scope-mismatch', 401, HttpError::AUTH_REVOKED, 'OAUTH_SCOPE_MISMATCH' ),
			array( 'zoho', 'internal-error', 500, HttpError::TRANSIENT, 'INTERNAL_ERROR' ),
			array( 'zoho', 'limit-reached', 400, HttpError::CONFIG, 'LIMIT_REACHED' ),
			array( 'zoho', 'invalid-module', 400, HttpError::CONFIG, 'INVALID_MODULE' ),
			array( 'zoho', 'feature-not-enabled', 403, HttpError::CONFIG, 'FEATURE_NOT_ENABLED' ),
			array( 'zoho', 'invalid-url-pattern', 404, HttpError::CONFIG, 'INVALID_URL_PATTERN' ),
			array( 'zoho', 'no-permission', 403, HttpError::CONFIG, 'NO_PERMISSION' ),
			array( 'hubspot', 'token-error-bad-auth-code', 400, HttpError::AUTH_REVOKED, 'BAD_AUTH_CODE' ),
			array( 'google', 'time-range-empty', 400, HttpError::DATA, 'timeRangeEmpty' ),
			array( 'google', 'rate-limit-exceeded', 403, HttpError::TRANSIENT, 'rateLimitExceeded' ),
			array( 'google', 'insufficient-permissions', 403, HttpError::AUTH_REVOKED, 'insufficientPermissions' ),
			array( 'google', 'forbidden-for-non-organizer', 403, HttpError::CONFIG, 'forbiddenForNonOrganizer' ),
			array( 'microsoft', 'invalid-request', 400, HttpError::DATA, 'ErrorInvalidRequest' ),
			array( 'microsoft', 'timezone-not-supported', 400, HttpError::DATA, 'TimeZoneNotSupportedException' ),
			array( 'microsoft', 'too-many-requests', 429, HttpError::TRANSIENT, 'TooManyRequests' ),
			array( 'microsoft', 'property-validation-failure', 400, HttpError::DATA, 'ErrorPropertyValidationFailure' ),
			array( 'microsoft', 'mailbox-not-enabled-for-rest-api', 404, HttpError::CONFIG, 'MailboxNotEnabledForRESTAPI' ),
		);
	}

	/**
	 * @dataProvider error_fixtures
	 */
	public function test_every_documented_error_form_is_classified_with_its_code( string $provider, string $name, int $status, string $kind, string $code ): void {
		// As the outbox sees it: an export sends one booking.
		$error = ErrorClassifier::for_item( ErrorClassifier::classify( $status, self::fixture( $provider, $name ), null ) );
		$this->assertSame( array( $kind, $code, $status ), array( $error->kind, $error->provider_code, $error->status ) );
		if ( HttpError::DATA === $kind ) {
			$this->assertStringNotContainsString( $code, $error->getMessage(), 'what was refused in words, not the code' );
		} else {
			$this->assertStringStartsWith( 'The provider ', $error->getMessage(), 'plain words first; the code only follows in brackets' );
		}
	}

	public function test_an_oauth_error_is_a_setting_or_a_reconnect_and_a_bare_5xx_is_transient(): void {
		$this->assertSame( HttpError::CONFIG, ErrorClassifier::classify( 400, '{"error":"invalid_client"}', null )->kind );
		$this->assertSame( HttpError::AUTH_REVOKED, ErrorClassifier::classify( 400, '{"error":"invalid_grant"}', null )->kind );
		$this->assertSame( HttpError::TRANSIENT, ErrorClassifier::classify( 503, 'not json', null )->kind );
	}
}
