<?php

namespace SyncWarden\Tests\Integration\Http;

use SyncWarden\Audit\AuditLog;
use SyncWarden\Audit\Redactor;
use SyncWarden\Http\HttpError;
use SyncWarden\Tests\TestCase;

final class RedactorTest extends TestCase {

	/**
	 * @dataProvider leaky_texts
	 */
	public function test_masks_credentials_in_text( string $text, string $secret ): void {
		$clean = Redactor::redact_text( $text );

		$this->assertStringNotContainsString( $secret, $clean );
		$this->assertStringContainsString( Redactor::MASK, $clean );
	}

	public static function leaky_texts(): array {
		return array(
			'bearer header'         => array( 'Authorization: Bearer ya29.a0AfB_secret', 'ya29.a0AfB_secret' ),
			'basic header'          => array( 'authorization=Basic dXNlcjpwYXNzd29yZA==', 'dXNlcjpwYXNzd29yZA' ),
			'bare bearer'           => array( 'sent bearer abc.def.ghi to the API', 'abc.def.ghi' ),
			'code in callback URL'  => array( 'https://site.test/cb?state=s&code=4/0AQlEd8x', '4/0AQlEd8x' ),
			'refresh form body'     => array( 'grant_type=refresh_token&refresh_token=1//0gSecret&client_id=x', '1//0gSecret' ),
			'client secret in form' => array( 'client_id=a&client_secret=GOCSPX-abc123', 'GOCSPX-abc123' ),
			'verifier in form'      => array( 'code=c&code_verifier=dBjftJeZ4CVP-mB92K27uhbUJU1p1r', 'dBjftJeZ4CVP' ),
			'json access token'     => array( '{"access_token":"peercanary-at-1","expires_in":3600}', 'peercanary-at-1' ),
			'json id token'         => array( '{"id_token": "eyJhbGciOi.x.y"}', 'eyJhbGciOi' ),
			'escaped json'          => array( 'body: {\"refresh_token\":\"rt-secret\"}', 'rt-secret' ),
			'exception message'     => array( 'cURL error for https://t.test/token?client_secret=shh123&x=1', 'shh123' ),
		);
	}

	public function test_masks_secret_keys_in_nested_arrays_and_keeps_the_rest(): void {
		$clean = Redactor::redact(
			array(
				'headers' => array(
					'Authorization' => 'Bearer abc',
					'Accept'        => 'application/json',
				),
				'body'    => array( 'refresh_token' => 'r', 'scope' => 'a b' ),
				'url'     => 'https://x.test/?access_token=zzz',
			)
		);

		$this->assertSame( Redactor::MASK, $clean['headers']['Authorization'] );
		$this->assertSame( 'application/json', $clean['headers']['Accept'] );
		$this->assertSame( array( 'refresh_token' => Redactor::MASK, 'scope' => 'a b' ), $clean['body'] );
		$this->assertSame( 'https://x.test/?access_token=' . Redactor::MASK, $clean['url'] );
	}

	public function test_http_errors_and_audit_entries_go_through_it(): void {
		$error = new HttpError( HttpError::CONFIG, 'failed: Authorization: Bearer leaked-token-1' );
		( new AuditLog() )->record( 'test.event', array( 'detail' => 'code=leaked-code-2', 'client_secret' => 'leaked-3' ) );

		$this->assertStringNotContainsString( 'leaked-token-1', $error->getMessage() );
		global $wpdb;
		$stored = wp_json_encode( $wpdb->get_results( "SELECT * FROM {$wpdb->prefix}syncwarden_audit" ) );
		$this->assertStringNotContainsString( 'leaked-code-2', $stored );
		$this->assertStringNotContainsString( 'leaked-3', $stored );
	}
}
