<?php

namespace SyncWarden\Tests\Integration\Storage;

use SyncWarden\Storage\CredentialsRepository;
use SyncWarden\Storage\KeyRing;
use SyncWarden\Storage\Vault;
use SyncWarden\Storage\VaultException;
use SyncWarden\Tests\TestCase;
use SyncWarden\Tests\VaultFactory;

final class CredentialsRepositoryTest extends TestCase {

	private static function repository( Vault $vault, array $constants = array() ): CredentialsRepository {
		return new CredentialsRepository( $vault, array( 'google', 'zoho' ), static fn( string $name ) => $constants[ $name ] ?? null );
	}

	public function test_client_secret_is_decrypted_for_the_token_exchange(): void {
		$repository = self::repository( VaultFactory::vault() );
		$repository->save( 'google', 'id', 'the-client-secret' );

		$this->assertSame( 'the-client-secret', $repository->client_secret( 'google' ) );
	}

	public function test_without_a_key_nothing_is_stored(): void {
		$repository = self::repository( new Vault( new KeyRing( null, null, array() ) ) );

		try {
			$repository->save( 'google', 'id', 'the-client-secret' );
			$this->fail( 'expected a refusal' );
		} catch ( VaultException $e ) {
			$this->assertSame( VaultException::NO_KEY, $e->reason );
		}
		$this->assertFalse( get_option( 'syncwarden_credentials_google' ) );
	}

	public function test_a_secret_copied_to_another_provider_row_is_unreadable(): void {
		$repository = self::repository( VaultFactory::vault() );
		$repository->save( 'google', 'id-g', 'google-secret' );
		$repository->save( 'zoho', 'id-z', 'zoho-secret' );
		$row                  = get_option( 'syncwarden_credentials_zoho' );
		$row['client_secret'] = get_option( 'syncwarden_credentials_google' )['client_secret'];
		update_option( 'syncwarden_credentials_zoho', $row, false );

		$this->assertSame( 'unreadable', $repository->describe( 'zoho' )['client_secret'] );
		$this->expectException( VaultException::class );
		$repository->client_secret( 'zoho' );
	}

	public function test_constants_win_over_stored_values(): void {
		$repository = self::repository(
			VaultFactory::vault(),
			array(
				'SYNCWARDEN_GOOGLE_CLIENT_ID'     => 'const-id',
				'SYNCWARDEN_GOOGLE_CLIENT_SECRET' => 'const-secret',
			)
		);
		$repository->save( 'google', 'db-id', 'db-secret' );

		$this->assertSame( 'constant', $repository->describe( 'google' )['source'] );
		$this->assertSame( 'const-id', $repository->describe( 'google' )['client_id'] );
		$this->assertSame( 'const-secret', $repository->client_secret( 'google' ) );
	}

	public function test_stored_secrets_lists_envelopes_with_their_context(): void {
		$repository = self::repository( VaultFactory::vault() );
		$repository->save( 'zoho', 'id', 'zoho-secret' );

		$secrets = iterator_to_array( $repository->stored_secrets(), false );

		$this->assertCount( 1, $secrets );
		$this->assertSame( array( 'zoho', 'credentials:zoho:client_secret' ), array( $secrets[0]['ref'], $secrets[0]['context'] ) );
		$this->assertStringStartsWith( 'sw1$', $secrets[0]['envelope'] );
	}
}
