<?php
/**
 * Persistent admin notice when forged webhooks arrive in a burst.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Admin;

use SyncWarden\Providers\ProviderRegistry;
use SyncWarden\Storage\ConnectionsRepository;
use SyncWarden\Webhooks\SecurityEvents;

defined( 'ABSPATH' ) || exit;

/**
 * Shown on every admin screen to users who can manage options for a week after a burst
 * (SecurityEvents), until they dismiss it. Dismissal is per user and per burst: a later burst
 * against the same endpoint shows the notice again.
 */
final class ForgedWebhookNotice {

	public const DISMISS_ACTION = 'syncwarden_dismiss_forged_notice';
	public const DISMISSED_META = 'syncwarden_dismissed_forged_notices';

	/**
	 * Constructor.
	 *
	 * @param SecurityEvents        $security    Incidents.
	 * @param ConnectionsRepository $connections Connections (for the name).
	 * @param ProviderRegistry      $providers   Providers (for the name).
	 */
	public function __construct(
		private readonly SecurityEvents $security,
		private readonly ConnectionsRepository $connections,
		private readonly ProviderRegistry $providers
	) {
	}

	/**
	 * Attaches to WordPress.
	 */
	public function register_hooks(): void {
		add_action( 'admin_notices', array( $this, 'render' ) );
		add_action( 'admin_post_' . self::DISMISS_ACTION, array( $this, 'dismiss' ) );
	}

	/**
	 * Prints the notices for the current user.
	 */
	public function render(): void {
		if ( ! current_user_can( 'manage_options' ) ) {
			return;
		}
		$dismissed = (array) get_user_meta( get_current_user_id(), self::DISMISSED_META, true );
		foreach ( $this->security->incidents() as $connection_id => $incident ) {
			if ( (int) ( $dismissed[ $connection_id ] ?? 0 ) >= (int) $incident['raised_at'] ) {
				continue;
			}
			$this->print_notice( (int) $connection_id, $incident );
		}
	}

	/**
	 * admin-post.php handler: remembers, for this user, which burst was dismissed.
	 */
	public function dismiss(): void {
		$id = isset( $_GET['connection'] ) ? absint( $_GET['connection'] ) : 0;
		check_admin_referer( self::DISMISS_ACTION . '_' . $id );
		if ( ! current_user_can( 'manage_options' ) ) {
			wp_die( esc_html__( 'Only administrators can dismiss SyncWarden notices.', 'syncwarden' ), 403 );
		}
		$incident = $this->security->incidents()[ $id ] ?? null;
		if ( null !== $incident ) {
			$dismissed        = (array) get_user_meta( get_current_user_id(), self::DISMISSED_META, true );
			$dismissed[ $id ] = (int) $incident['raised_at'];
			update_user_meta( get_current_user_id(), self::DISMISSED_META, array_filter( $dismissed, 'is_int' ) );
		}
		wp_safe_redirect( wp_get_referer() ? wp_get_referer() : admin_url() );
		exit;
	}

	/**
	 * One notice.
	 *
	 * @param int   $connection_id Connection id (only live endpoints raise incidents).
	 * @param array $incident      provider, raised_at, count.
	 */
	private function print_notice( int $connection_id, array $incident ): void {
		$dismiss = wp_nonce_url( admin_url( 'admin-post.php?action=' . self::DISMISS_ACTION . '&connection=' . $connection_id ), self::DISMISS_ACTION . '_' . $connection_id );
		printf(
			'<div class="notice notice-error syncwarden-forged-notice"><p><strong>%1$s</strong></p><p>%2$s</p><p>%3$s</p><p><a href="%4$s">%5$s</a> · <a href="%6$s">%7$s</a> · <a href="%8$s">%9$s</a></p></div>',
			/* translators: %s: connection name, e.g. "Calendly (owner@example.com)" */
			esc_html( sprintf( __( 'Someone is sending forged webhooks to %s.', 'syncwarden' ), $this->target( $connection_id, (string) $incident['provider'] ) ) ),
			esc_html(
				sprintf(
					/* translators: 1: number of requests, 2: minutes, 3: date and time */
					_n( '%1$d request to its webhook address failed verification within %2$d minutes (the last burst began %3$s). SyncWarden refused it; nothing was imported or changed.', '%1$d requests to its webhook address failed verification within %2$d minutes (the last burst began %3$s). SyncWarden refused every one of them; nothing was imported or changed.', (int) $incident['count'], 'syncwarden' ),
					(int) $incident['count'],
					SecurityEvents::BURST_WINDOW / 60,
					wp_date( get_option( 'date_format' ) . ' ' . get_option( 'time_format' ), (int) $incident['raised_at'] )
				)
			),
			esc_html__( 'If it continues, click Resubscribe on the Connections tab to give the endpoint a new secret, and ask your host to block the sender. Each refusal is listed in Activity as a security event.', 'syncwarden' ),
			esc_url( SettingsPage::url() . '&tab=connections' ),
			esc_html__( 'Open Connections', 'syncwarden' ),
			esc_url( SettingsPage::url() . '&tab=activity' ),
			esc_html__( 'Open Activity', 'syncwarden' ),
			esc_url( $dismiss ),
			esc_html__( 'Dismiss', 'syncwarden' )
		);
	}

	/**
	 * The attacked endpoint in words.
	 *
	 * @param int    $connection_id Connection id.
	 * @param string $provider_id   Provider id.
	 */
	private function target( int $connection_id, string $provider_id ): string {
		$provider   = $this->providers->get( $provider_id );
		$label      = null === $provider ? $provider_id : $provider->label();
		$connection = $this->connections->find( $connection_id );
		if ( null === $connection ) {
			/* translators: %s: provider name */
			return sprintf( __( 'a %s connection that has since been removed', 'syncwarden' ), $label );
		}
		return '' !== $connection['account_label'] ? $label . ' (' . $connection['account_label'] . ')' : $label;
	}
}
