<?php

namespace SyncWarden\Tests\Integration\OAuth;

use SyncWarden\Tests\ExportTestCase;
use SyncWarden\Tests\Harness\ZohoDataCentreHosts;
use SyncWarden\Tests\Harness\ZohoHostsAtPeer;
use SyncWarden\Tests\Peer;

/**
 * A Zoho account in the EU, Australia or the United Kingdom, end to end against the peer playing Zoho's data centres
 * (tests/peers/zoho-dc.mjs: a code, a refresh token and an access token are good only at the data
 * centre that issued them, anywhere else Zoho answers `invalid_code` / INVALID_TOKEN). The real
 * host names (accounts.zoho.eu, www.zohoapis.com.au …) reach the peer through
 * ZohoDataCentreHosts, so the requests pass the plugin's own data-centre allowlist.
 *
 * Reference: Zoho's multi-DC OAuth documentation (the redirect's `location` and
 * `accounts-server`, the token answer's `api_domain`) and zoho/zohocrm-php-sdk-8.0's data-centre
 * environments.
 */
final class ZohoAccountsPerDataCentreTest extends ExportTestCase {

	use ZohoHostsAtPeer;

	/** @return array<string, array{string, string, string}> */
	public static function data_centres(): array {
		return array(
			'EU' => array( 'eu', 'https://accounts.zoho.eu', 'https://www.zohoapis.eu' ),
			'AU' => array( 'au', 'https://accounts.zoho.com.au', 'https://www.zohoapis.com.au' ),
			'UK' => array( 'uk', 'https://accounts.zoho.uk', 'https://www.zohoapis.uk' ),
		);
	}

	/** Connects Zoho for an account that lives in the given data centre. */
	private function connect_in( string $dc, string $accounts_server ): int {
		Peer::control( 'POST', '/zoho', array( 'dc' => $dc ) );
		$this->configure( 'zoho' );
		$query = Peer::consent( $this->authorize_url( 'zoho', array( 'export' ) ) );
		$this->assertSame( array( $dc, $accounts_server ), array( $query['location'] ?? '', $query['accounts-server'] ?? '' ), 'the peer names the data centre as Zoho does' );

		$this->assertSame( 'connected', $this->return_from_provider( 'zoho', $query ), 'the code is only good at its own accounts server' );
		return (int) $this->connections()[0]['id'];
	}

	/** Requests the peer received at a data centre's API domain. */
	private function received_at( string $dc, string $method, string $path_prefix ): array {
		return array_values( array_filter( $this->received( $method, $path_prefix ), static fn( $r ) => ( $r['dc'] ?? 'us' ) === $dc ) );
	}

	/**
	 * @dataProvider data_centres
	 */
	public function test_connect_test_export_and_refresh_all_happen_at_the_accounts_data_centre( string $dc, string $accounts_server, string $api_domain ): void {
		$id = $this->connect_in( $dc, $accounts_server );
		$this->assertSame( $api_domain, self::repository()->find( $id )['api_base'], 'the token answer’s api_domain' );

		$test = $this->rest( 'POST', "/syncwarden/v1/connections/$id/test" )->get_data();
		$this->assertTrue( $test['ok'], $test['message'] ?? '' );
		$this->assertNotEmpty( $this->received_at( $dc, 'GET', '/api/zoho/crm/v6/users' ), 'asked the account’s own API domain' );

		$booking = syncwarden_push_booking(
			array(
				'title'          => 'Consultation',
				'start'          => '2026-12-01T09:30:00+01:00',
				'end'            => '2026-12-01T10:15:00+01:00',
				'timezone'       => 'Europe/Berlin',
				'customer_email' => 'grace@example.test',
			)
		);
		$this->run_outbox_without_warnings();
		$this->assertSame( 'done', $this->job_status( $booking['id'] )['status'] );
		$this->assertCount( 1, $this->received_at( $dc, 'POST', '/api/zoho/crm/v8/Contacts' ), 'the contact was created in that data centre' );

		self::expire_access_token( $id );
		$refreshed = $this->rest( 'POST', "/syncwarden/v1/connections/$id/test" )->get_data();
		$this->assertTrue( $refreshed['ok'], 'refreshed at the accounts server that holds the grant: ' . ( $refreshed['message'] ?? '' ) );
		$this->assertSame( 'connected', self::repository()->find( $id )['status'] );
		$this->assertSame( array(), array_merge( $this->received_at( 'us', 'GET', '/api/zoho/' ), $this->received_at( 'us', 'POST', '/api/zoho/' ) ), 'nothing went to the US API domain' );
	}

	/**
	 * @dataProvider data_centres
	 */
	public function test_disconnecting_revokes_the_grant_at_its_own_data_centre( string $dc, string $accounts_server ): void {
		$id            = $this->connect_in( $dc, $accounts_server );
		$refresh_token = (string) self::repository()->tokens( $id )['refresh_token'];
		$this->assertSame( array( 'error' => 'invalid_code' ), ZohoDataCentreHosts::refresh_at( Peer::url(), $refresh_token ), 'control: the US server does not know this grant' );

		$result = $this->rest( 'DELETE', "/syncwarden/v1/connections/$id" )->get_data();

		$this->assertSame( 'revoked', $result['remote'], $result['message'] );
		$this->assertSame( array( 'error' => 'invalid_code' ), ZohoDataCentreHosts::refresh_at( $accounts_server, $refresh_token ), 'the grant is gone where it lived' );
	}
}
