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

	public const VERSION = 9;
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
		return array( self::table( 'connections' ), self::table( 'audit' ), self::table( 'bookings' ), self::table( 'booking_links' ), self::table( 'outbox' ), self::table( 'counters' ), self::table( 'source_links' ) );
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
				is_callable( $statements ) ? $statements() : dbDelta( $statements );
				update_option( self::OPTION, $version, true ); // Autoloaded on purpose: read on every admin request.
			}
		}
		delete_option( 'syncwarden_audit_recent' ); // The pre-release, option-backed audit store.
	}

	/**
	 * Version => dbDelta statements (or a callable for changes dbDelta cannot express). Never edit
	 * a released migration; add the next one.
	 *
	 * @return array<int, string[]|callable>
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
			3 => array(
				'CREATE TABLE ' . self::table( 'bookings' ) . " (
  id bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  title varchar(255) NOT NULL DEFAULT '',
  starts_at bigint(20) NOT NULL,
  ends_at bigint(20) NOT NULL,
  timezone varchar(64) NOT NULL DEFAULT 'UTC',
  status varchar(16) NOT NULL DEFAULT 'confirmed',
  customer_name varchar(191) NOT NULL DEFAULT '',
  customer_email varchar(191) NOT NULL DEFAULT '',
  customer_phone varchar(64) NOT NULL DEFAULT '',
  notes text NOT NULL,
  source varchar(64) NOT NULL DEFAULT 'manual',
  created_at bigint(20) NOT NULL DEFAULT 0,
  updated_at bigint(20) NOT NULL DEFAULT 0,
  PRIMARY KEY  (id),
  KEY starts_at (starts_at),
  KEY status (status),
  KEY source (source),
  KEY customer_email (customer_email)
) $collate;",
				// A booking appears at most once per connection, and an external item maps to one booking.
				'CREATE TABLE ' . self::table( 'booking_links' ) . " (
  id bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  booking_id bigint(20) unsigned NOT NULL,
  connection_id bigint(20) unsigned NOT NULL,
  external_id varchar(191) NOT NULL,
  etag varchar(191) NOT NULL DEFAULT '',
  updated_at bigint(20) NOT NULL DEFAULT 0,
  PRIMARY KEY  (id),
  UNIQUE KEY connection_external (connection_id,external_id),
  UNIQUE KEY booking_connection (booking_id,connection_id)
) $collate;",
			),
			4 => array(
				// One outbound job per booking and target connection; changes coalesce into it.
				'CREATE TABLE ' . self::table( 'outbox' ) . " (
  id bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  booking_id bigint(20) unsigned NOT NULL,
  connection_id bigint(20) unsigned NOT NULL,
  operation varchar(16) NOT NULL DEFAULT 'upsert',
  status varchar(16) NOT NULL DEFAULT 'pending',
  attempts int(11) NOT NULL DEFAULT 0,
  next_attempt_at bigint(20) NOT NULL DEFAULT 0,
  last_error_kind varchar(32) NOT NULL DEFAULT '',
  last_error varchar(255) NOT NULL DEFAULT '',
  created_at bigint(20) NOT NULL DEFAULT 0,
  updated_at bigint(20) NOT NULL DEFAULT 0,
  PRIMARY KEY  (id),
  KEY due (status,next_attempt_at),
  KEY booking_connection (booking_id,connection_id)
) $collate;",
			),
			// The provider's id for the account (Calendly's user URI scopes its listings).
			5 => static function (): void {
				self::add_column( 'connections', 'account_ref', "varchar(255) NOT NULL DEFAULT ''" );
			},
			// All-day bookings: starts_at/ends_at are then midnight of the first day and of the day
			// after the last (exclusive, as in Google and Graph) in the booking's zone.
			6 => static function (): void {
				self::add_column( 'bookings', 'all_day', 'tinyint(1) NOT NULL DEFAULT 0' );
			},
			// The staging/clone lock: a keyed fingerprint of the address each connection was made
			// on (SiteIdentity), which a search-replace cannot rewrite as it did home_url.
			7 => static function (): void {
				global $wpdb;
				self::add_column( 'connections', 'site_key', "char(64) NOT NULL DEFAULT ''" );
				$table = self::table( 'connections' );
				// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- our own table.
				foreach ( (array) $wpdb->get_results( "SELECT id, home_url FROM $table WHERE site_key = ''", ARRAY_A ) as $row ) {
					$wpdb->update( $table, array( 'site_key' => SiteIdentity::fingerprint( (string) $row['home_url'] ) ), array( 'id' => (int) $row['id'] ) );
				}
			},
			// Counters (rate limits, replay claims) move out of wp_options into a bounded table of
			// their own, each row with its expiry; the old transient-named rows are dropped
			// (at worst a rate-limit window restarts).
			8 => static function () use ( $collate ): void {
				global $wpdb;
				dbDelta(
					'CREATE TABLE ' . self::table( 'counters' ) . " (
  name char(40) NOT NULL,
  value bigint(20) NOT NULL DEFAULT 0,
  expires_at bigint(20) NOT NULL DEFAULT 0,
  PRIMARY KEY  (name),
  KEY expires_at (expires_at)
) $collate;"
				);
				$wpdb->query( $wpdb->prepare( "DELETE FROM {$wpdb->options} WHERE option_name LIKE %s OR option_name LIKE %s", $wpdb->esc_like( '_transient_syncwarden_c_' ) . '%', $wpdb->esc_like( '_transient_timeout_syncwarden_c_' ) . '%' ) );
			},
			// A booking plugin's own id for a booking (source_ref) maps to one SyncWarden booking:
			// repeated hooks for one change find the same booking, and so does a delete that arrives
			// after the plugin's row is gone. source_status is the plugin's status as last seen.
			9 => array(
				'CREATE TABLE ' . self::table( 'source_links' ) . " (
  id bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  source varchar(32) NOT NULL,
  source_ref varchar(64) NOT NULL,
  booking_id bigint(20) unsigned NOT NULL,
  source_status varchar(16) NOT NULL DEFAULT '',
  seen_at bigint(20) NOT NULL DEFAULT 0,
  PRIMARY KEY  (id),
  UNIQUE KEY source_ref (source,source_ref),
  KEY booking_id (booking_id),
  KEY source_seen (source,seen_at)
) $collate;",
			),
		);
	}

	/**
	 * Adds a column unless it exists (a half-finished earlier attempt must not fail the migration).
	 *
	 * @param string $table      Short table name.
	 * @param string $column     Column name.
	 * @param string $definition Column definition.
	 */
	private static function add_column( string $table, string $column, string $definition ): void {
		global $wpdb;
		$name = self::table( $table );
		if ( ! in_array( $column, (array) $wpdb->get_col( $wpdb->prepare( 'SHOW COLUMNS FROM %i', $name ), 0 ), true ) ) {
			// $definition is a column type written in this class (a migration), never input.
			$wpdb->query( $wpdb->prepare( "ALTER TABLE %i ADD COLUMN %i $definition", $name, $column ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- $definition: a constant column type from this class.
		}
	}
}
