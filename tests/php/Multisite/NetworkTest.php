<?php

namespace SyncWarden\Tests\Multisite;

use SyncWarden\Deactivation;
use SyncWarden\Plugin;
use SyncWarden\Storage\ConnectionsRepository;
use SyncWarden\Storage\KeyRing;
use SyncWarden\Storage\Schema;
use SyncWarden\Storage\Vault;
use SyncWarden\Storage\VaultException;
use SyncWarden\Sync\Importer;
use SyncWarden\Tests\TestCase;
use SyncWarden\Uninstaller;

/**
 * On a real subdirectory network (main site + /site2/, SyncWarden network-activated by the
 * tooling): each site has its own tables, connections, cron and encryption context, and nothing
 * one site stores can be read or used through another.
 */
final class NetworkTest extends TestCase {

	private const SECOND_SITE = 2;

	protected function setUp(): void {
		parent::setUp();
		$this->assertTrue( is_multisite(), 'This suite runs on the network site only.' );
		switch_to_blog( self::SECOND_SITE );
		Schema::migrate(); // What the first request to the site does on `init`.
		restore_current_blog();
	}

	protected function tearDown(): void {
		while ( ms_is_switched() ) {
			restore_current_blog();
		}
		parent::tearDown();
	}

	private static function repository(): ConnectionsRepository {
		return new ConnectionsRepository( new Vault( KeyRing::from_wp_config() ) );
	}

	private static function connect( string $access_token, string $provider = 'google' ): int {
		return self::repository()->create(
			array(
				'provider'         => $provider,
				'features'         => array( 'import' ),
				'requested_scopes' => array(),
				'granted_scopes'   => array(),
				'account_label'    => 'owner@example.test',
				'token_endpoint'   => 'https://oauth2.googleapis.com/token',
				'api_base'         => 'https://www.googleapis.com',
			),
			array(
				'access_token'  => $access_token,
				'refresh_token' => $access_token . '-refresh',
				'expires_at'    => time() + 3600,
			)
		);
	}

	private static function tables( string $prefix ): array {
		global $wpdb;
		return $wpdb->get_col( $wpdb->prepare( 'SHOW TABLES LIKE %s', $wpdb->esc_like( $prefix . 'syncwarden_' ) . '%' ) );
	}

	public function test_network_activation_gives_each_site_its_own_tables_and_schema_version(): void {
		$this->assertTrue( is_plugin_active_for_network( 'syncwarden/plugin.php' ) );

		$this->assertCount( count( Schema::tables() ), self::tables( 'wp_' ) );
		$this->assertCount( count( Schema::tables() ), self::tables( 'wp_2_' ) );
		$this->assertSame( Schema::VERSION, (int) get_blog_option( self::SECOND_SITE, Schema::OPTION ) );
		$this->assertSame( Schema::VERSION, (int) get_blog_option( 1, Schema::OPTION ) );
	}

	public function test_each_site_has_its_own_installation_id_within_one_request(): void {
		$main = \SyncWarden\Storage\InstallId::get();
		switch_to_blog( self::SECOND_SITE );
		$second = \SyncWarden\Storage\InstallId::get();
		$stored = get_option( \SyncWarden\Storage\InstallId::OPTION );
		restore_current_blog();

		$this->assertNotSame( $main, $second );
		$this->assertSame( $second, $stored );
		$this->assertSame( $main, \SyncWarden\Storage\InstallId::get() );
	}

	public function test_each_site_sees_only_its_own_connections(): void {
		$main = self::connect( 'peercanary-at-main-site' );
		switch_to_blog( self::SECOND_SITE );
		$this->assertSame( array(), self::repository()->all() );
		$second = self::connect( 'peercanary-at-second-site' );
		$on_second = array_column( self::repository()->all(), 'account_label', 'id' );
		restore_current_blog();

		$this->assertSame( array( $second ), array_keys( $on_second ) );
		$this->assertSame( array( $main ), array_column( self::repository()->all(), 'id' ) );
	}

	public function test_a_token_copied_into_another_sites_table_cannot_be_decrypted_there(): void {
		global $wpdb;
		$id  = self::connect( 'peercanary-at-copied' );
		$row = $wpdb->get_row( $wpdb->prepare( "SELECT * FROM {$wpdb->prefix}syncwarden_connections WHERE id = %d", $id ), ARRAY_A );

		switch_to_blog( self::SECOND_SITE );
		$wpdb->insert( $wpdb->prefix . 'syncwarden_connections', $row ); // Same id, same ciphertext.
		$copied = self::repository()->find( $id );

		// Each site has its own install id: to the clone lock the copied row belongs to another
		// site, so nothing would use it; and its tokens are bound to the first site.
		$this->assertTrue( $copied['site_moved'] );
		$this->expectException( VaultException::class );
		self::repository()->tokens( $id );
	}

	public function test_a_super_admin_gets_only_the_current_sites_connections_over_rest_and_no_token(): void {
		$admin = self::create_user( 'administrator' );
		grant_super_admin( $admin );
		wp_set_current_user( $admin );
		self::connect( 'peercanary-at-main-rest' );
		switch_to_blog( self::SECOND_SITE );
		$second = self::connect( 'peercanary-at-second-rest' );

		$response = $this->rest( 'GET', '/syncwarden/v1/connections' );

		$this->assertSame( 200, $response->get_status() );
		$this->assertSame( array( $second ), array_column( $response->get_data(), 'id' ) );
		$this->assertStringNotContainsString( 'peercanary', (string) wp_json_encode( $response->get_data() ) );
	}

	public function test_sync_schedules_live_in_each_sites_own_cron(): void {
		switch_to_blog( self::SECOND_SITE );
		$id = self::connect( 'peercanary-at-cron' );
		do_action( 'syncwarden_connection_connected', $id );
		$scheduled_here = wp_next_scheduled( Importer::HOOK, array( $id ) );
		restore_current_blog();

		$this->assertNotFalse( $scheduled_here );
		$this->assertFalse( wp_next_scheduled( Importer::HOOK, array( $id ) ), 'the main site has no such event' );
	}

	public function test_network_deactivation_clears_every_sites_events_and_leaves_their_connections(): void {
		switch_to_blog( self::SECOND_SITE );
		$id = self::connect( 'peercanary-at-deactivation' );
		do_action( 'syncwarden_connection_connected', $id );
		restore_current_blog();
		wp_schedule_single_event( time() + 60, 'syncwarden_outbox_run' );

		Deactivation::deactivate( true );

		$this->assertFalse( wp_next_scheduled( 'syncwarden_outbox_run' ) );
		switch_to_blog( self::SECOND_SITE );
		$this->assertFalse( wp_next_scheduled( Importer::HOOK, array( $id ) ), 'the other site’s events too' );
		$this->assertNotNull( self::repository()->find( $id ), 'its connection stays' );
	}

	public function test_uninstalling_disconnects_and_wipes_every_site(): void {
		// Calendly: its client credentials come from wp-config, so every site can revoke.
		self::connect( 'peercanary-at-wipe-main', 'calendly' );
		update_option( 'syncwarden_failure_threshold', 5, false );
		switch_to_blog( self::SECOND_SITE );
		self::connect( 'peercanary-at-wipe-second', 'calendly' );
		update_option( 'syncwarden_failure_threshold', 6, false );
		restore_current_blog();
		$revoked = array();
		$observe = static function ( $pre, array $args, string $url ) use ( &$revoked ) {
			if ( str_ends_with( $url, '/token/revocation' ) ) {
				parse_str( (string) $args['body'], $form );
				$revoked[] = get_current_blog_id() . ':' . ( $form['token'] ?? '' );
			}
			return $pre;
		};
		add_filter( 'pre_http_request', $observe, 1, 3 );

		try {
			// What uninstall.php runs: the plugin's own disconnect on each site, then the wipe.
			Uninstaller::everywhere( array( Plugin::class, 'disconnect_all_for_uninstall' ) );
		} finally {
			remove_filter( 'pre_http_request', $observe, 1 );
		}

		$this->assertSame( array( '1:peercanary-at-wipe-main-refresh', self::SECOND_SITE . ':peercanary-at-wipe-second-refresh' ), $revoked, 'each site revoked its own grant at the provider' );
		$this->assertSame( array(), self::tables( 'wp_' ) );
		$this->assertSame( array(), self::tables( 'wp_2_' ) );
		$this->assertFalse( get_blog_option( 1, 'syncwarden_failure_threshold' ) );
		$this->assertFalse( get_blog_option( self::SECOND_SITE, 'syncwarden_failure_threshold' ) );
	}
}
