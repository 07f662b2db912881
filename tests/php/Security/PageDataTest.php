<?php

namespace SyncWarden\Tests\Security;

use SyncWarden\Admin\SettingsPage;
use SyncWarden\Tests\Harness\PageData;
use SyncWarden\Tests\TestCase;

final class PageDataTest extends TestCase {

	private const SCREEN = 'settings_page_' . SettingsPage::SLUG;

	protected function setUp(): void {
		parent::setUp();
		$GLOBALS['wp_scripts'] = null;
		$this->log_in_as( 'administrator' );
		$this->build_admin_menu();
	}

	protected function tearDown(): void {
		$GLOBALS['wp_scripts'] = null;
		parent::tearDown();
	}

	private function collect(): array {
		$this->visit_admin_screen( self::SCREEN );
		return PageData::collect();
	}

	public function test_settings_screen_enqueues_the_app(): void {
		$this->collect();
		$this->assertTrue( wp_script_is( SettingsPage::SCRIPT_HANDLE, 'enqueued' ) );
	}

	public function test_settings_screen_hands_the_browser_only_allowlisted_non_secret_data(): void {
		$collected = $this->collect();

		$this->assertArrayHasKey( 'wp-api-fetch', $collected, 'core nonce middleware expected' );
		$this->assertSame( array(), PageData::violations( $collected ) );
	}

	public function test_harness_flags_localized_data_on_a_syncwarden_script(): void {
		wp_register_script( 'syncwarden-leaky', 'https://example.test/leaky.js', array(), '1', true );
		wp_localize_script( 'syncwarden-leaky', 'syncwardenBoot', array( 'clientSecret' => 'shh-canary-value' ) );
		wp_enqueue_script( 'syncwarden-leaky' );

		$violations = PageData::violations( $this->collect() );

		$this->assertContains( 'SyncWarden script syncwarden-leaky carries inline data data; the app must read everything through REST', $violations );
		$this->assertContains( 'syncwarden-leaky inline data data contains the secret-looking word "Secret"', $violations );
	}

	public function test_harness_flags_secret_looking_inline_code_on_any_script(): void {
		wp_add_inline_script( 'wp-api-fetch', 'window.leak = { access_token: "abc" };' );

		$violations = PageData::violations( $this->collect() );

		$this->assertContains( 'wp-api-fetch inline after data contains the secret-looking word "token"', $violations );
	}

	public function test_harness_flags_inline_data_on_a_handle_outside_the_allowlist(): void {
		wp_register_script( 'other-plugin', 'https://example.test/other.js', array(), '1', true );
		wp_add_inline_script( 'other-plugin', 'window.harmless = 1;', 'before' );
		wp_enqueue_script( 'other-plugin' );

		$violations = PageData::violations( $this->collect() );

		$this->assertContains( 'other-plugin carries inline before data that is not on the allowlist', $violations );
	}
}
