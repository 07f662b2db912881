<?php

namespace SyncWarden\Tests\Integration;

use SyncWarden\Tests\TestCase;

/**
 * Plain permalinks put `?rest_route=` into the redirect URI. Microsoft's identity platform refuses
 * query strings in redirect URIs for apps that also sign in personal accounts (the `common`
 * endpoint SyncWarden uses); the Settings tab must say so instead of letting the connect fail.
 */
final class RedirectUriPermalinksTest extends TestCase {

	protected function setUp(): void {
		parent::setUp();
		$this->log_in_as( 'administrator' );
	}

	private function refused(): array {
		$list = $this->rest( 'GET', '/syncwarden/v1/providers' )->get_data();
		return array_column( $list, 'redirect_uri_refused', 'id' );
	}

	public function test_on_plain_permalinks_only_microsoft_is_flagged_as_refusing_the_redirect_uri(): void {
		update_option( 'permalink_structure', '' );

		$this->assertSame(
			array(
				'google'    => false,
				'microsoft' => true,
				'hubspot'   => false,
				'zoho'      => false,
				'calendly'  => false,
			),
			$this->refused()
		);
	}

	public function test_with_pretty_permalinks_no_provider_is_flagged(): void {
		update_option( 'permalink_structure', '/%postname%/' );

		$this->assertSame( array(), array_filter( $this->refused() ) );
	}
}
