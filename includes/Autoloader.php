<?php
/**
 * PSR-4 autoloader for the plugin's own classes (Composer cannot be relied on for installs).
 *
 * @package SyncWarden
 */

namespace SyncWarden;

defined( 'ABSPATH' ) || exit;

/**
 * Maps `SyncWarden\Sub\Name` to `includes/Sub/Name.php`.
 */
final class Autoloader {

	/**
	 * Registers the loader for one namespace prefix and base directory.
	 *
	 * @param string $prefix   Namespace prefix with trailing backslash.
	 * @param string $base_dir Directory holding the classes.
	 */
	public static function register( string $prefix, string $base_dir ): void {
		$base_dir = rtrim( $base_dir, '/\\' ) . '/';
		spl_autoload_register(
			static function ( string $class_name ) use ( $prefix, $base_dir ): void {
				if ( ! str_starts_with( $class_name, $prefix ) ) {
					return;
				}
				$relative = substr( $class_name, strlen( $prefix ) );
				// Only plain identifiers: a crafted class name must never walk out of includes/.
				if ( ! preg_match( '/^[A-Za-z_][A-Za-z0-9_]*(\\\\[A-Za-z_][A-Za-z0-9_]*)*$/', $relative ) ) {
					return;
				}
				$file = $base_dir . str_replace( '\\', '/', $relative ) . '.php';
				if ( is_file( $file ) ) {
					require $file;
				}
			}
		);
	}
}
