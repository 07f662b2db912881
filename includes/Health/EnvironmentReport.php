<?php
/**
 * Non-secret facts about the runtime that decide whether SyncWarden can work safely.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Health;

defined( 'ABSPATH' ) || exit;

/**
 * Read by the status route today and by Site Health later.
 */
final class EnvironmentReport {

	public const SODIUM_NATIVE  = 'native';
	public const SODIUM_COMPAT  = 'compat';
	public const SODIUM_MISSING = 'missing';

	/**
	 * Constructor.
	 *
	 * @param string $plugin_version Running plugin version.
	 */
	public function __construct( private readonly string $plugin_version ) {
	}

	/**
	 * All facts as a flat array.
	 *
	 * @return array{plugin_version: string, wordpress_version: string, php_version: string, sodium: string, https: bool, wp_cron_disabled: bool, environment_type: string}
	 */
	public function facts(): array {
		return array(
			'plugin_version'    => $this->plugin_version,
			'wordpress_version' => (string) get_bloginfo( 'version' ),
			'php_version'       => PHP_VERSION,
			'sodium'            => self::sodium_implementation(),
			'https'             => wp_is_using_https(),
			'wp_cron_disabled'  => defined( 'DISABLE_WP_CRON' ) && DISABLE_WP_CRON,
			'environment_type'  => wp_get_environment_type(),
		);
	}

	/**
	 * Native ext-sodium, WordPress's bundled pure-PHP sodium_compat (e.g. Playground), or none.
	 */
	public static function sodium_implementation(): string {
		if ( extension_loaded( 'sodium' ) ) {
			return self::SODIUM_NATIVE;
		}
		// WordPress polyfills the sodium_* functions from its bundled sodium_compat when the extension is missing.
		return function_exists( 'sodium_crypto_aead_xchacha20poly1305_ietf_encrypt' ) ? self::SODIUM_COMPAT : self::SODIUM_MISSING;
	}
}
