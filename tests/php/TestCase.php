<?php

namespace SyncWarden\Tests;

use SyncWarden\Storage\Schema;
use SyncWarden\Storage\Transaction;
use WP_REST_Request;
use WP_REST_Response;

/**
 * Base for tests against the real WordPress: every test runs inside a database transaction that
 * is rolled back, starts logged out with a fresh REST server, and fails on _doing_it_wrong().
 */
abstract class TestCase extends \PHPUnit\Framework\TestCase {

	/**
	 * _doing_it_wrong() calls seen during the test.
	 *
	 * @var string[]
	 */
	private array $doing_it_wrong = array();

	/**
	 * Functions the test expects a _doing_it_wrong() for.
	 *
	 * @var string[]
	 */
	private array $expected_doing_it_wrong = array();

	protected function setUp(): void {
		parent::setUp();
		global $wpdb;
		$wpdb->query( 'START TRANSACTION' );
		Transaction::caller_transaction( true );
		wp_cache_flush();
		// Like the object cache: the id read by a previous test may have been rolled back with it.
		\SyncWarden\Storage\InstallId::forget();
		wp_set_current_user( 0 );
		$GLOBALS['wp_rest_server'] = null;
		add_action( 'doing_it_wrong_run', array( $this, 'record_doing_it_wrong' ) );
		add_filter( 'doing_it_wrong_trigger_error', '__return_false' );
	}

	protected function tearDown(): void {
		global $wpdb;
		$leaked = self::transaction_ended();
		$wpdb->query( 'ROLLBACK' );
		if ( $leaked ) {
			self::restore_site();
		}
		Transaction::caller_transaction( false );
		wp_cache_flush();
		wp_set_current_user( 0 );
		$GLOBALS['wp_rest_server'] = null;
		unset( $GLOBALS['wp_rest_auth_cookie'], $_REQUEST['_wpnonce'], $_SERVER['HTTP_X_WP_NONCE'] );
		remove_action( 'doing_it_wrong_run', array( $this, 'record_doing_it_wrong' ) );
		remove_filter( 'doing_it_wrong_trigger_error', '__return_false' );
		$unexpected = array_diff( $this->doing_it_wrong, $this->expected_doing_it_wrong );
		$this->doing_it_wrong = array();
		$this->expected_doing_it_wrong = array();
		parent::tearDown();
		$this->assertSame( array(), array_values( $unexpected ), 'Unexpected _doing_it_wrong() calls.' );
	}

	/**
	 * Whether the test's transaction ended before its rollback: on MySQL/MariaDB any DDL (an
	 * uninstall's DROP TABLE, a migration) commits it implicitly, so what the test wrote stays.
	 * SQLite rolls DDL back with everything else.
	 */
	private static function transaction_ended(): bool {
		global $wpdb;
		return ! ( $wpdb instanceof \WP_SQLite_DB ) && '0' === (string) $wpdb->get_var( 'SELECT @@in_transaction' );
	}

	/**
	 * After a leaked transaction: nothing of SyncWarden's survives the test (its tables are made
	 * anew, empty) and the plugin is active again, as every test expects to find the site.
	 */
	private static function restore_site(): void {
		\SyncWarden\Uninstaller::run();
		Schema::migrate();
		$active = (array) get_option( 'active_plugins', array() );
		if ( ! in_array( 'syncwarden/plugin.php', $active, true ) ) {
			update_option( 'active_plugins', array_merge( $active, array( 'syncwarden/plugin.php' ) ) );
		}
		wp_cache_flush();
	}

	/**
	 * Hook callback.
	 *
	 * @param string $function_name Function that was misused.
	 */
	public function record_doing_it_wrong( string $function_name ): void {
		$this->doing_it_wrong[] = $function_name;
	}

	protected function expect_doing_it_wrong( string $function_name ): void {
		$this->expected_doing_it_wrong[] = $function_name;
	}

	protected function doing_it_wrong_calls(): array {
		return $this->doing_it_wrong;
	}

	/**
	 * Fires admin_menu the way wp-admin does for the current user. Core's menu.php cannot be
	 * required twice (it declares functions), so this sets up the one thing it provides that
	 * decides hook suffixes: the Settings parent menu, giving e.g. settings_page_syncwarden.
	 */
	protected function build_admin_menu(): void {
		foreach ( array( 'menu', 'submenu', 'admin_page_hooks', '_registered_pages', '_parent_pages' ) as $global ) {
			$GLOBALS[ $global ] = array();
		}
		$GLOBALS['menu'][80]                                   = array( 'Settings', 'manage_options', 'options-general.php', '', 'menu-top menu-icon-settings', 'menu-settings', 'dashicons-admin-settings' );
		$GLOBALS['admin_page_hooks']['options-general.php'] = 'settings';
		do_action( 'admin_menu', '' );
	}

	/**
	 * Asserts a value is a WP_Error.
	 *
	 * @param mixed $value Value.
	 */
	protected function assertWPError( $value ): void {
		$this->assertInstanceOf( \WP_Error::class, $value );
	}

	/** An admin page load's `admin_init` (in wp-admin, as privacy-policy content requires), then back out. */
	protected function admin_request(): void {
		set_current_screen( 'dashboard' );
		try {
			do_action( 'admin_init' );
		} finally {
			set_current_screen( 'front' );
		}
	}

	/**
	 * Enqueues what an admin screen enqueues, with that screen current.
	 */
	protected function visit_admin_screen( string $hook_suffix ): void {
		set_current_screen( $hook_suffix );
		do_action( 'admin_enqueue_scripts', $hook_suffix );
	}

	/**
	 * Creates a user with a role (rolled back with the test) and returns its id.
	 */
	public static function create_user( string $role ): int {
		$login = $role . '_' . wp_generate_password( 8, false );
		$id    = wp_insert_user(
			array(
				'user_login' => $login,
				'user_email' => $login . '@example.test',
				'user_pass'  => wp_generate_password(),
				'role'       => $role,
			)
		);
		if ( is_wp_error( $id ) ) {
			throw new \RuntimeException( $id->get_error_message() );
		}
		return $id;
	}

	protected function log_in_as( string $role ): int {
		$id = self::create_user( $role );
		wp_set_current_user( $id );
		return $id;
	}

	/**
	 * Dispatches a REST request through the real server.
	 *
	 * @param string $method HTTP method.
	 * @param string $path   Route, e.g. /syncwarden/v1/status.
	 * @param array  $params Query (GET) or body (others) parameters.
	 */
	protected function rest( string $method, string $path, array $params = array() ): WP_REST_Response {
		$request = new WP_REST_Request( $method, $path );
		if ( 'GET' === $method ) {
			$request->set_query_params( $params );
		} else {
			$request->set_body_params( $params );
		}
		return rest_do_request( $request );
	}
}
