<?php
/**
 * The plugin's own tables, created and upgraded with dbDelta through numbered migrations.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Storage;

defined( 'ABSPATH' ) || exit;

/**
 * Each site of a network gets its own tables (the site's table prefix). The stored version
 * number makes the check on each admin request one cached option read.
 */
final class Schema {

	public const VERSION = 2;
	public const OPTION  = 'syncwarden_db_version';

	/**
	 * Table name for the current site.
	 *
	 * @param string $name Short name, e.g. connections.
	 */
	public static function table( string $name ): string {
		global $wpdb;
		return $wpdb->prefix . 'syncwarden_' . $name;
	}

	/**
	 * Every table the plugin owns (for uninstall).
	 *
	 * @return string[]
	 */
	public static function tables(): array {
		return array( self::table( 'connections' ), self::table( 'audit' ) );
	}

	/**
	 * Runs pending migrations, if any.
	 */
	public static function migrate(): void {
		$installed = (int) get_option( self::OPTION, 0 );
		if ( $installed >= self::VERSION ) {
			return;
		}
		require_once ABSPATH . 'wp-admin/includes/upgrade.php';
		foreach ( self::migrations() as $version => $statements ) {
			if ( $version > $installed ) {
				dbDelta( $statements );
				update_option( self::OPTION, $version, true ); // Autoloaded on purpose: read on every admin request.
			}
		}
		delete_option( 'syncwarden_audit_recent' ); // The pre-release, option-backed audit store.
	}

	/**
	 * Version => dbDelta statements. Never edit a released migration; add the next one.
	 *
	 * @return array<int, string[]>
	 */
	private static function migrations(): array {
		global $wpdb;
		$collate = $wpdb->get_charset_collate();
		return array(
			1 => array(
				'CREATE TABLE ' . self::table( 'connections' ) . " (
  id bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  provider varchar(32) NOT NULL,
  status varchar(32) NOT NULL DEFAULT 'connected',
  account_label varchar(255) NOT NULL DEFAULT '',
  features varchar(255) NOT NULL DEFAULT '',
  requested_scopes text NOT NULL,
  granted_scopes text NOT NULL,
  access_token text NULL,
  refresh_token text NULL,
  access_expires_at bigint(20) NULL,
  token_endpoint varchar(255) NOT NULL DEFAULT '',
  api_base varchar(255) NOT NULL DEFAULT '',
  home_url varchar(255) NOT NULL DEFAULT '',
  created_by bigint(20) unsigned NOT NULL DEFAULT 0,
  created_at bigint(20) NOT NULL DEFAULT 0,
  last_refreshed_at bigint(20) NULL,
  last_error_kind varchar(32) NOT NULL DEFAULT '',
  last_error varchar(255) NOT NULL DEFAULT '',
  consecutive_failures int(11) NOT NULL DEFAULT 0,
  PRIMARY KEY  (id),
  KEY provider (provider)
) $collate;",
			),
			2 => array(
				'CREATE TABLE ' . self::table( 'audit' ) . " (
  id bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  created_at bigint(20) NOT NULL DEFAULT 0,
  user_id bigint(20) unsigned NOT NULL DEFAULT 0,
  action varchar(64) NOT NULL,
  result varchar(16) NOT NULL DEFAULT 'ok',
  connection_id bigint(20) unsigned NULL,
  booking_id bigint(20) unsigned NULL,
  provider varchar(32) NOT NULL DEFAULT '',
  fields varchar(255) NOT NULL DEFAULT '',
  context text NOT NULL,
  PRIMARY KEY  (id),
  KEY created_at (created_at),
  KEY action (action),
  KEY connection_id (connection_id)
) $collate;",
			),
		);
	}
}
