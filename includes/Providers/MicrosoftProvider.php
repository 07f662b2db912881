<?php
/**
 * Microsoft Outlook.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Providers;

defined( 'ABSPATH' ) || exit;

/**
 * Microsoft Outlook provider description.
 */
final class MicrosoftProvider implements Provider {

	public function id(): string {
		return 'microsoft';
	}

	public function label(): string {
		return __( 'Microsoft Outlook', 'syncwarden' );
	}

	public function console_url(): string {
		return 'https://entra.microsoft.com/#view/Microsoft_AAD_RegisteredApps/ApplicationsListBlade';
	}
}
