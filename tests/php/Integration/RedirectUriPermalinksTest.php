<?php

namespace SyncWarden\Tests\Integration;

use SyncWarden\Tests\TestCase;

/**
 * Plain permalinks put `?rest_route=` into the redirect URI. Microsoft's identity platform refuses
 * query strings in redirect URIs for apps that also sign in personal accounts (the `common`
 * endpoint SyncWarden uses); the Settings tab must say so instead of letting the connect fail.
 * Google, HubSpot, Zoho and Calendly document exact matching but not whether a query string may
 * be registered (docs/provider-conformance.md, "Redirect URI with a query string" rows), so the
 * tab warns that connecting may fail rather than stay silent.
 */
final class RedirectUriPermalinksTest extends TestCase {

	protected function setUp(): void {
		parent::setUp();
		$this->log_in_as( 'administrator' );
	}

	/**
	 * One warning flag per provider, from the providers route.
	 *
	 * @param string $flag `redirect_uri_refused` or `redirect_uri_unconfirmed`.
	 */
	private function flags( string $flag ): array {
		$list = $this->rest( 'GET', '/syncwarden/v1/providers' )->get_data();
		return array_column( $list, $flag, 'id' );
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
			$this->flags( 'redirect_uri_refused' )
		);
	}

	public function test_on_plain_permalinks_every_provider_whose_docs_do_not_settle_query_strings_is_flagged_as_unconfirmed(): void {
		update_option( 'permalink_structure', '' );

		$this->assertSame(
			array(
				'google'    => true,
				'microsoft' => false,
				'hubspot'   => true,
				'zoho'      => true,
				'calendly'  => true,
			),
			$this->flags( 'redirect_uri_unconfirmed' )
		);
	}

	public function test_with_pretty_permalinks_no_provider_is_flagged(): void {
		update_option( 'permalink_structure', '/%postname%/' );

		$this->assertSame( array(), array_filter( $this->flags( 'redirect_uri_refused' ) ) );
		$this->assertSame( array(), array_filter( $this->flags( 'redirect_uri_unconfirmed' ) ) );
	}
}
