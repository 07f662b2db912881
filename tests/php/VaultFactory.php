<?php

namespace SyncWarden\Tests;

use SyncWarden\Storage\KeyRing;
use SyncWarden\Storage\Vault;

/**
 * Key rings and vaults with known material, for tests that need a key other than the site's.
 */
final class VaultFactory {

	public static function random_key(): string {
		return base64_encode( random_bytes( 32 ) );
	}

	/**
	 * Eight fresh random WordPress-style salts.
	 *
	 * @return array<string, string>
	 */
	public static function random_salts(): array {
		$salts = array();
		foreach ( KeyRing::SALT_NAMES as $name ) {
			$salts[ $name ] = wp_generate_password( 64, true, true );
		}
		return $salts;
	}

	/**
	 * The salts this site really runs with.
	 *
	 * @return array<string, string>
	 */
	public static function site_salts(): array {
		$salts = array();
		foreach ( KeyRing::SALT_NAMES as $name ) {
			$salts[ $name ] = constant( $name );
		}
		return $salts;
	}

	public static function vault( ?string $key = null, string|array|null $previous = null, string $backend = Vault::BACKEND_AUTO ): Vault {
		return new Vault( new KeyRing( $key ?? self::random_key(), $previous, array() ), $backend );
	}
}
