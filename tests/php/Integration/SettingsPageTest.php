<?php

namespace SyncWarden\Tests\Integration;

use SyncWarden\Admin\AdminScheme;
use SyncWarden\Admin\SettingsPage;
use SyncWarden\Tests\TestCase;

final class SettingsPageTest extends TestCase {

	protected function setUp(): void {
		parent::setUp();
		$GLOBALS['wp_scripts'] = null;
		$GLOBALS['wp_styles']  = null;
	}

	protected function tearDown(): void {
		$GLOBALS['wp_scripts'] = null;
		$GLOBALS['wp_styles']  = null;
		parent::tearDown();
	}

	public function test_page_is_listed_under_settings_for_administrators(): void {
		$this->log_in_as( 'administrator' );
		$this->build_admin_menu();

		$entries = array_column( $GLOBALS['submenu']['options-general.php'] ?? array(), 2 );
		$this->assertContains( SettingsPage::SLUG, $entries );
	}

	public function test_page_is_not_listed_for_editors(): void {
		$this->log_in_as( 'editor' );
		$this->build_admin_menu();

		$entries = array_column( $GLOBALS['submenu']['options-general.php'] ?? array(), 2 );
		$this->assertNotContains( SettingsPage::SLUG, $entries );
	}

	public function test_page_renders_the_app_mount_point(): void {
		$this->log_in_as( 'administrator' );
		$page = new SettingsPage( SYNCWARDEN_FILE );

		ob_start();
		$page->render();
		$html = ob_get_clean();

		$this->assertStringContainsString( '<div id="syncwarden-root"></div>', $html );
		$this->assertStringNotContainsString( 'notice-error', $html, 'build/ exists, so no missing-build notice' );
	}

	public function test_app_is_enqueued_only_on_its_own_screen(): void {
		$this->log_in_as( 'administrator' );
		$this->build_admin_menu();

		$this->visit_admin_screen( 'index.php' );
		$this->assertFalse( wp_script_is( SettingsPage::SCRIPT_HANDLE, 'enqueued' ) );

		$this->visit_admin_screen( 'settings_page_syncwarden' );
		$this->assertTrue( wp_script_is( SettingsPage::SCRIPT_HANDLE, 'enqueued' ) );
	}

	public function test_dependencies_come_from_the_build_manifest_and_all_exist(): void {
		$this->log_in_as( 'administrator' );
		$this->build_admin_menu();
		$this->visit_admin_screen( 'settings_page_syncwarden' );

		$asset = require dirname( SYNCWARDEN_FILE ) . '/build/index.asset.php';
		$script = wp_scripts()->registered[ SettingsPage::SCRIPT_HANDLE ];
		$this->assertSame( $asset['dependencies'], $script->deps );
		$this->assertSame( $asset['version'], $script->ver );
		foreach ( $script->deps as $dependency ) {
			// A missing dependency makes WordPress drop the app silently (WordPress 6.5 and react-jsx-runtime).
			$this->assertTrue( wp_script_is( $dependency, 'registered' ), "$dependency is registered" );
		}
	}

	public function test_jsx_runtime_fallback_is_used_only_where_core_lacks_it(): void {
		$core_has_runtime = wp_script_is( 'react-jsx-runtime', 'registered' );
		$this->log_in_as( 'administrator' );
		$this->build_admin_menu();
		$this->visit_admin_screen( 'settings_page_syncwarden' );

		$src = wp_scripts()->registered['react-jsx-runtime']->src;
		if ( $core_has_runtime ) {
			$this->assertStringStartsWith( '/wp-includes/', $src );
		} else {
			$this->assertStringEndsWith( '/syncwarden/build/react-jsx-runtime.js', $src );
		}
	}

	public function test_components_take_the_users_admin_colour_scheme_on_every_core(): void {
		$user = $this->log_in_as( 'administrator' );
		update_user_option( $user, 'admin_color', 'midnight' );
		$this->build_admin_menu();
		$this->visit_admin_screen( 'settings_page_syncwarden' );

		$inline = implode( "\n", (array) ( wp_styles()->registered['wp-components']->extra['after'] ?? array() ) );
		if ( AdminScheme::core_sets_theme_color() ) {
			// 7.0+: core's wp-base-styles sets the variable per scheme on every admin screen.
			$this->assertTrue( wp_style_is( 'wp-base-styles', 'registered' ) );
			$this->assertStringNotContainsString( '--wp-admin-theme-color', $inline, 'core already does it; a copy would override core' );
		} else {
			// Midnight's primary button in core's colors.css, not the components' #3858e9.
			$this->assertStringContainsString( 'body{--wp-admin-theme-color:#e14d43;--wp-admin-theme-color--rgb:225,77,67;', $inline );
		}
	}

	public function test_default_scheme_gives_cores_default_button_blue_before_7_0(): void {
		if ( AdminScheme::core_sets_theme_color() ) {
			$this->assertSame( '', AdminScheme::css( 'fresh' ) );
			return;
		}
		$this->assertStringStartsWith( 'body{--wp-admin-theme-color:#2271b1;', AdminScheme::css( '' ) );
		$this->assertStringStartsWith( 'body{--wp-admin-theme-color:#2271b1;', AdminScheme::css( 'a-scheme-a-plugin-added' ) );
	}

	public function test_darker_shades_match_the_components_sass(): void {
		// The values wp-components' own stylesheet ships for its #3858e9 and the light scheme's #007cba.
		$this->assertSame( '#2145e6', AdminScheme::darken( '#3858e9', 5 ) );
		$this->assertSame( '#183ad6', AdminScheme::darken( '#3858e9', 10 ) );
		$this->assertSame( '#006ba1', AdminScheme::darken( '#007cba', 5 ) );
		$this->assertSame( '#005a87', AdminScheme::darken( '#007cba', 10 ) );
	}

	public function test_plugins_screen_links_to_the_settings_page(): void {
		$links = apply_filters( 'plugin_action_links_' . plugin_basename( SYNCWARDEN_FILE ), array() );

		$this->assertStringContainsString( 'options-general.php?page=syncwarden', $links[0] );
	}
}
