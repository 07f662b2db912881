<?php
/**
 * Google Calendar.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Providers;

defined( 'ABSPATH' ) || exit;

/**
 * Google Calendar provider description.
 */
final class GoogleProvider implements Provider {

	public function id(): string {
		return 'google';
	}

	public function label(): string {
		return __( 'Google Calendar', 'syncwarden' );
	}

	public function console_url(): string {
		return 'https://console.cloud.google.com/apis/credentials';
	}
}
