<?php

namespace SyncWarden\Tests\Integration\OAuth;

use SyncWarden\Http\HttpError;
use SyncWarden\OAuth\ConnectionService;
use SyncWarden\Providers\Endpoints;
use SyncWarden\Providers\ProviderRegistry;
use SyncWarden\Providers\ZohoProvider;
use SyncWarden\Tests\TestCase;

final class ProviderModelTest extends TestCase {

	public function test_import_only_requests_read_only_scopes(): void {
		$registry = ProviderRegistry::default();

		$this->assertSame( array( 'https://www.googleapis.com/auth/calendar.events.readonly' ), ConnectionService::scopes_for( $registry->get( 'google' ), array( 'import' ) ) );
		$this->assertSame( array( 'offline_access', 'User.Read', 'Calendars.Read' ), ConnectionService::scopes_for( $registry->get( 'microsoft' ), array( 'import' ) ) );
		$this->assertContains( 'Calendars.ReadWrite', ConnectionService::scopes_for( $registry->get( 'microsoft' ), array( 'import', 'export' ) ) );
	}

	public function test_production_endpoints_are_https_constants_and_microsoft_has_no_revoke(): void {
		foreach ( ProviderRegistry::default()->all() as $provider ) {
			$endpoints = Endpoints::resolve( $provider );
			foreach ( $endpoints as $url ) {
				$this->assertStringStartsWith( 'https://', $url );
			}
			$this->assertSame( $provider->supports_revocation(), isset( $endpoints['revoke'] ), $provider->id() );
		}
	}

	public function test_endpoint_filter_can_point_at_a_peer_but_never_downgrade(): void {
		$google = ProviderRegistry::default()->get( 'google' );
		$peer   = static fn( array $e ) => array_merge( $e, array( 'token' => 'https://127.0.0.1:9443/token' ) );
		add_filter( 'syncwarden_provider_endpoints', $peer );
		$this->assertSame( 'https://127.0.0.1:9443/token', Endpoints::resolve( $google )['token'] );
		remove_filter( 'syncwarden_provider_endpoints', $peer );

		$downgrade = static fn( array $e ) => array_merge( $e, array( 'token' => 'http://127.0.0.1:9443/token' ) );
		add_filter( 'syncwarden_provider_endpoints', $downgrade );
		try {
			Endpoints::resolve( $google );
			$this->fail( 'http:// endpoint accepted' );
		} catch ( HttpError $e ) {
			$this->assertSame( HttpError::CONFIG, $e->kind );
		} finally {
			remove_filter( 'syncwarden_provider_endpoints', $downgrade );
		}
	}

	public function test_zoho_accepts_only_data_centre_accounts_servers(): void {
		$zoho      = new ZohoProvider();
		$endpoints = $zoho->default_endpoints();

		$this->assertSame( 'https://accounts.zoho.eu/oauth/v2/token', $zoho->token_endpoint( $endpoints, array( 'accounts-server' => 'https://accounts.zoho.eu' ) ) );
		$this->assertSame( $endpoints['token'], $zoho->token_endpoint( $endpoints, array() ) );
		foreach ( array( 'https://accounts.zoho.eu.attacker.test', 'http://accounts.zoho.eu', 'https://evil.test', 'https://accounts.zoho.com@evil.test' ) as $server ) {
			try {
				$zoho->token_endpoint( $endpoints, array( 'accounts-server' => $server ) );
				$this->fail( "accepted $server" );
			} catch ( HttpError $e ) {
				$this->assertSame( HttpError::CONFIG, $e->kind );
			}
		}
	}

	public function test_zoho_api_domain_must_be_a_data_centre(): void {
		$zoho      = new ZohoProvider();
		$endpoints = $zoho->default_endpoints();

		$this->assertSame( 'https://www.zohoapis.in', $zoho->api_base( $endpoints, array( 'api_domain' => 'https://www.zohoapis.in' ) ) );
		$this->expectException( HttpError::class );
		$zoho->api_base( $endpoints, array( 'api_domain' => 'https://www.zohoapis.evil.test' ) );
	}
}
