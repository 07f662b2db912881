<?php

namespace SyncWarden\Tests\SourcePlugins\Drivers;

/**
 * E-mail addresses for the people a driver creates in a plugin. The tier's site keeps the
 * plugin's rows from earlier tests, and plugins refuse (Amelia) or may refuse (LatePoint, by
 * setting) a second person with one address, so each is new.
 */
final class Addresses {

	public static function fresh( string $name ): string {
		return $name . '.' . wp_generate_password( 8, false ) . '@example.test';
	}
}
