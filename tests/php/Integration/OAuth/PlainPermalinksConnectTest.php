<?php

namespace SyncWarden\Tests\Integration\OAuth;

use SyncWarden\Tests\OAuthTestCase;

/**
 * With plain permalinks the redirect URI carries `?rest_route=`. Microsoft documents that it
 * refuses query strings in redirect URIs for apps that sign in personal accounts too
 * (learn.microsoft.com/entra/identity-platform/reply-url, "Query parameter support"), so a
 * connect is refused here, in words that say what to change, instead of sending the
 * administrator to Microsoft's error page. Providers whose documentation does not settle it are
 * still let through (the Settings tab warns that it may fail).
 */
final class PlainPermalinksConnectTest extends OAuthTestCase {

	private function authorize_started(): int {
		global $wpdb;
		return (int) $wpdb->get_var( $wpdb->prepare( "SELECT COUNT(*) FROM {$wpdb->prefix}syncwarden_audit WHERE action = %s", 'connection.authorize_started' ) );
	}

	public function test_on_plain_permalinks_a_microsoft_connect_is_refused_in_plain_words_and_nothing_starts(): void {
		$this->configure( 'microsoft' );
		update_option( 'permalink_structure', '' );

		$response = $this->rest( 'POST', '/syncwarden/v1/connections/microsoft/authorize', array( 'features' => array( 'import' ) ) );

		$this->assertSame( 409, $response->get_status() );
		$this->assertStringContainsString( 'Settings → Permalinks', $response->get_data()['message'] );
		$this->assertArrayNotHasKey( 'authorize_url', (array) $response->get_data() );
		$this->assertSame( 0, $this->authorize_started(), 'no flow was started' );
	}

	public function test_on_plain_permalinks_a_provider_whose_docs_do_not_settle_it_still_gets_its_authorize_url(): void {
		$this->configure( 'google' );
		update_option( 'permalink_structure', '' );

		$url = $this->authorize_url( 'google' );

		parse_str( (string) wp_parse_url( $url, PHP_URL_QUERY ), $query );
		$this->assertStringContainsString( '?rest_route=', $query['redirect_uri'] );
		$this->assertSame( 1, $this->authorize_started() );
	}

	public function test_with_pretty_permalinks_microsoft_connects_as_before(): void {
		$this->configure( 'microsoft' );
		update_option( 'permalink_structure', '/%postname%/' );

		parse_str( (string) wp_parse_url( $this->authorize_url( 'microsoft' ), PHP_URL_QUERY ), $query );

		$this->assertStringNotContainsString( '?', $query['redirect_uri'] );
	}
}
