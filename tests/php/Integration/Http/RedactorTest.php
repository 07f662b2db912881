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
			'zoho header'           => array( 'Authorization: Zoho-oauthtoken 1000.zohosecret.abc', '1000.zohosecret' ),
			'bare zoho scheme'      => array( 'sent Zoho-oauthtoken 1000.zohosecret.abc to the CRM', '1000.zohosecret' ),
			'digest header'         => array( "Authorization: Digest username=\"ada\", realm=\"x\", nonce=\"n\", response=\"6629fae49393a05397450978507c4ef1\"\nAccept: */*", '6629fae49393a05397450978507c4ef1' ),
			'x-api-key header'      => array( "X-Api-Key: hubspot-private-app-key-123\r\nAccept: application/json", 'hubspot-private-app-key-123' ),
			'var_export output'     => array( "array (\n  'refresh_token' => 'rt-\\'quoted-secret',\n  'scope' => 'a b',\n)", 'quoted-secret' ),
			'print_r output'        => array( "Array\n(\n    [access_token] => at-printr-secret\n    [expires_in] => 3600\n)", 'at-printr-secret' ),
			'url-encoded code'      => array( 'redirect=https%3A%2F%2Fsite.test%2Fcb%3Fstate%3Ds%26code%3D4%2F0AQencoded%26scope%3Dx', '0AQencoded' ),
		);
	}

	public function test_keeps_what_is_not_secret_around_what_is(): void {
		$this->assertSame( "Array\n(\n    [access_token] => " . Redactor::MASK . "\n    [expires_in] => 3600\n)", Redactor::redact_text( "Array\n(\n    [access_token] => at-x\n    [expires_in] => 3600\n)" ) );
		$this->assertSame( "X-Api-Key: " . Redactor::MASK . "\r\nAccept: application/json", Redactor::redact_text( "X-Api-Key: k-1\r\nAccept: application/json" ) );
		$this->assertSame( 'The token endpoint configured for Zoho CRM is not an https:// URL.', Redactor::redact_text( 'The token endpoint configured for Zoho CRM is not an https:// URL.' ) );
		$this->assertSame( 'https%3A%2F%2Fs.test%2Fcb%3Fcode%3D' . Redactor::MASK . '%26state%3Dkeep', Redactor::redact_text( 'https%3A%2F%2Fs.test%2Fcb%3Fcode%3Dabc%26state%3Dkeep' ) );
	}

	public function test_masks_an_api_key_header_in_an_array(): void {
		$this->assertSame( array( 'X-Api-Key' => Redactor::MASK ), Redactor::redact( array( 'X-Api-Key' => 'k-2' ) ) );
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
