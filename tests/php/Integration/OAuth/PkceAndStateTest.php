<?php

namespace SyncWarden\Tests\Integration\OAuth;

use SyncWarden\OAuth\Pkce;
use SyncWarden\OAuth\StateStore;
use SyncWarden\Tests\TestCase;
use SyncWarden\Tests\VaultFactory;

final class PkceAndStateTest extends TestCase {

	private function store(): StateStore {
		return new StateStore( VaultFactory::vault() );
	}

	private function start( StateStore $store, int $user_id ): string {
		return $store->create(
			$user_id,
			array(
				'provider' => 'google',
				'features' => array( 'import' ),
				'scopes'   => array( 'scope-a' ),
				'verifier' => 'the-verifier-value',
			)
		);
	}

	public function test_verifier_is_long_random_and_challenge_is_s256(): void {
		$verifier = Pkce::verifier();

		$this->assertGreaterThanOrEqual( 43, strlen( $verifier ) );
		$this->assertMatchesRegularExpression( '/^[A-Za-z0-9_-]+$/', $verifier );
		$this->assertNotSame( $verifier, Pkce::verifier() );
		// RFC 7636 appendix B test vector.
		$this->assertSame( 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', Pkce::challenge( 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk' ) );
	}

	public function test_state_is_stored_hashed_and_the_verifier_encrypted(): void {
		global $wpdb;
		$state = $this->start( $this->store(), 7 );

		$rows = $wpdb->get_results( "SELECT option_name, option_value, autoload FROM {$wpdb->options} WHERE option_name LIKE 'syncwarden_oauth_state_%'", ARRAY_A );

		$this->assertCount( 1, $rows );
		$this->assertStringNotContainsString( $state, $rows[0]['option_name'] . $rows[0]['option_value'] );
		$this->assertStringNotContainsString( 'the-verifier-value', $rows[0]['option_value'] );
		$this->assertContains( $rows[0]['autoload'], array( 'no', 'off' ) );
	}

	public function test_matching_state_returns_the_flow_once(): void {
		$store = $this->store();
		$state = $this->start( $store, 7 );

		$flow = $store->consume( $state, 7, 'google' );

		$this->assertSame( 'the-verifier-value', $flow['verifier'] );
		$this->assertSame( array( 'scope-a' ), $flow['scopes'] );
		$this->assertSame( StateStore::ERROR_UNKNOWN, $store->consume( $state, 7, 'google' ), 'replay' );
	}

	public function test_missing_unknown_foreign_wrong_provider_and_expired_states_are_refused(): void {
		$store = $this->store();

		$this->assertSame( StateStore::ERROR_MISSING, $store->consume( null, 7, 'google' ) );
		$this->assertSame( StateStore::ERROR_MISSING, $store->consume( '', 7, 'google' ) );
		$this->assertSame( StateStore::ERROR_UNKNOWN, $store->consume( 'made-up-state', 7, 'google' ) );
		$this->assertSame( StateStore::ERROR_FOREIGN, $store->consume( $this->start( $store, 7 ), 8, 'google' ) );
		$this->assertSame( StateStore::ERROR_PROVIDER, $store->consume( $this->start( $store, 7 ), 7, 'zoho' ) );

		$expired = $this->start( $store, 7 );
		global $wpdb;
		$name    = $wpdb->get_var( "SELECT option_name FROM {$wpdb->options} WHERE option_name LIKE 'syncwarden_oauth_state_%'" );
		$pending = get_option( $name );
		$pending['expires_at'] = time() - 1;
		update_option( $name, $pending, false );
		$this->assertSame( StateStore::ERROR_EXPIRED, $store->consume( $expired, 7, 'google' ) );
	}

	public function test_a_refused_state_is_burnt_too(): void {
		$store = $this->store();
		$state = $this->start( $store, 7 );

		$this->assertSame( StateStore::ERROR_FOREIGN, $store->consume( $state, 8, 'google' ) );
		$this->assertSame( StateStore::ERROR_UNKNOWN, $store->consume( $state, 7, 'google' ) );
	}
}
