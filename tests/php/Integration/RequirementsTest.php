<?php

namespace SyncWarden\Tests\Integration;

use SyncWarden\Tests\TestCase;

final class RequirementsTest extends TestCase {

	public function test_this_site_meets_the_requirements(): void {
		$this->assertSame( array(), syncwarden_unmet_requirements( PHP_VERSION, get_bloginfo( 'version' ) ) );
	}

	public function test_old_php_and_wordpress_are_explained_in_plain_words(): void {
		$this->assertSame(
			array(
				'SyncWarden needs PHP 8.1 or newer; this site runs PHP 7.4.33. Ask your host to upgrade PHP.',
				'SyncWarden needs WordPress 6.5 or newer; this site runs WordPress 6.4.3. Update WordPress under Dashboard → Updates.',
			),
			syncwarden_unmet_requirements( '7.4.33', '6.4.3' )
		);
	}

	public function test_minimum_versions_themselves_are_accepted(): void {
		$this->assertSame( array(), syncwarden_unmet_requirements( '8.1.0', '6.5' ) );
	}

	public function test_notice_is_shown_to_administrators_only(): void {
		$unmet = syncwarden_unmet_requirements( '7.4.33', '6.5' );

		ob_start();
		syncwarden_print_requirements_notice( $unmet );
		$anonymous_output = ob_get_clean();
		$this->log_in_as( 'administrator' );
		ob_start();
		syncwarden_print_requirements_notice( $unmet );
		$admin_output = ob_get_clean();

		$this->assertSame( '', $anonymous_output );
		$this->assertStringContainsString( 'notice-error', $admin_output );
		$this->assertStringContainsString( 'this site runs PHP 7.4.33', $admin_output );
	}
}
