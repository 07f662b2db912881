<?php
/**
 * Persistent admin notices for connections that keep failing or need reconnecting.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Admin;

use SyncWarden\Http\HttpError;
use SyncWarden\Providers\ProviderRegistry;
use SyncWarden\Storage\ConnectionsRepository;

defined( 'ABSPATH' ) || exit;

/**
 * Shown on every admin screen to users who can manage options once a connection has failed
 * `threshold` times in a row (default 3), or at once when it needs reconnecting. Dismissal is per
 * user and holds until the failure count grows again; a success clears the notice by itself.
 */
final class ConnectionHealthNotices {

	public const THRESHOLD_OPTION  = 'syncwarden_failure_threshold';
	public const DEFAULT_THRESHOLD = 3;
	public const DISMISS_ACTION    = 'syncwarden_dismiss_connection_notice';
	public const DISMISSED_META    = 'syncwarden_dismissed_connection_notices';

	/**
	 * Constructor.
	 *
	 * @param ConnectionsRepository $connections Connections.
	 * @param ProviderRegistry      $providers   Providers.
	 */
	public function __construct( private readonly ConnectionsRepository $connections, private readonly ProviderRegistry $providers ) {
	}

	/**
	 * Attaches to WordPress.
	 */
	public function register_hooks(): void {
		add_action( 'admin_notices', array( $this, 'render' ) );
		add_action( 'admin_post_' . self::DISMISS_ACTION, array( $this, 'dismiss' ) );
	}

	/**
	 * Failures in a row that raise a notice.
	 */
	public static function threshold(): int {
		return max( 1, (int) get_option( self::THRESHOLD_OPTION, self::DEFAULT_THRESHOLD ) );
	}

	/**
	 * Connections that need the administrator, with the reason.
	 *
	 * @return array<int, array<string, mixed>>
	 */
	public function troubled(): array {
		return array_values(
			array_filter(
				$this->connections->all(),
				static fn( array $c ) => ConnectionsRepository::STATUS_RECONNECT_NEEDED === $c['status'] || $c['consecutive_failures'] >= self::threshold()
			)
		);
	}

	/**
	 * Prints the notices for the current user.
	 */
	public function render(): void {
		if ( ! current_user_can( 'manage_options' ) ) {
			return;
		}
		$moved = array_filter( $this->connections->all(), static fn( array $c ) => $c['site_moved'] );
		if ( $moved ) {
			printf(
				'<div class="notice notice-warning syncwarden-moved-notice"><p><strong>%1$s</strong></p><p>%2$s</p><p><a href="%3$s">%4$s</a></p></div>',
				esc_html__( 'SyncWarden paused syncing: this site’s address changed.', 'syncwarden' ),
				// The address stored with a connection may itself have been search-replaced on a copy,
				// so only the current one is named.
				/* translators: %s: this site's current address */
				esc_html( sprintf( __( 'The connections were made on another copy of this site or before its address changed; this site is %s. If this is a copy (staging, a backup restore), leave it paused so it does not write into the live calendars or revoke their access. If the live site moved, confirm it on the Connections tab.', 'syncwarden' ), home_url() ) ),
				esc_url( SettingsPage::url() . '&tab=connections' ),
				esc_html__( 'Open Connections', 'syncwarden' )
			);
		}
		$dismissed = (array) get_user_meta( get_current_user_id(), self::DISMISSED_META, true );
		foreach ( $this->troubled() as $connection ) {
			if ( isset( $dismissed[ $connection['id'] ] ) && (int) $dismissed[ $connection['id'] ] >= $connection['consecutive_failures'] ) {
				continue;
			}
			$this->print_notice( $connection );
		}
	}

	/**
	 * admin-post.php handler: remembers, for this user, the failure count the notice was dismissed at.
	 */
	public function dismiss(): void {
		$id = isset( $_GET['connection'] ) ? absint( $_GET['connection'] ) : 0;
		check_admin_referer( self::DISMISS_ACTION . '_' . $id );
		if ( ! current_user_can( 'manage_options' ) ) {
			wp_die( esc_html__( 'Only administrators can dismiss SyncWarden notices.', 'syncwarden' ), 403 );
		}
		$connection = $this->connections->find( $id );
		if ( null !== $connection ) {
			$dismissed        = (array) get_user_meta( get_current_user_id(), self::DISMISSED_META, true );
			$dismissed[ $id ] = $connection['consecutive_failures'];
			update_user_meta( get_current_user_id(), self::DISMISSED_META, array_filter( $dismissed, 'is_int' ) );
		}
		wp_safe_redirect( wp_get_referer() ? wp_get_referer() : admin_url() );
		exit;
	}

	/**
	 * The failure in words an administrator can act on.
	 *
	 * @param array $connection Connection.
	 * @return array{0: string, 1: string} What happened, what to do.
	 */
	public static function explain( array $connection ): array {
		if ( ConnectionsRepository::STATUS_RECONNECT_NEEDED === $connection['status'] ) {
			return array(
				__( 'The provider no longer accepts this connection: access was revoked or expired, or the encryption key changed.', 'syncwarden' ),
				__( 'Open SyncWarden → Connections and click Reconnect.', 'syncwarden' ),
			);
		}
		return match ( $connection['last_error_kind'] ) {
			HttpError::CONFIG => array(
				__( 'The provider refused the requests SyncWarden sends (credentials, endpoint or certificate).', 'syncwarden' ),
				__( 'Check the client ID and secret under SyncWarden → Settings, then use Test connection.', 'syncwarden' ),
			),
			HttpError::INVALID_RESPONSE => array(
				__( 'The provider keeps sending answers SyncWarden does not accept.', 'syncwarden' ),
				__( 'This is usually temporary on the provider’s side. If it persists for a day, reconnect.', 'syncwarden' ),
			),
			default => array(
				__( 'The provider could not be reached or was too busy to answer.', 'syncwarden' ),
				__( 'SyncWarden keeps retrying with increasing pauses and nothing is lost. If it persists, check the provider’s status page.', 'syncwarden' ),
			),
		};
	}

	/**
	 * One notice.
	 *
	 * @param array $connection Connection.
	 */
	private function print_notice( array $connection ): void {
		$provider      = $this->providers->get( $connection['provider'] );
		[ $what, $fix ] = self::explain( $connection );
		$name          = ( null === $provider ? $connection['provider'] : $provider->label() ) . ( '' !== $connection['account_label'] ? ' (' . $connection['account_label'] . ')' : '' );
		$dismiss       = wp_nonce_url( admin_url( 'admin-post.php?action=' . self::DISMISS_ACTION . '&connection=' . $connection['id'] ), self::DISMISS_ACTION . '_' . $connection['id'] );
		printf(
			'<div class="notice notice-error syncwarden-connection-notice"><p><strong>%1$s</strong></p><p>%2$s %3$s</p><p><a href="%4$s">%5$s</a> · <a href="%6$s">%7$s</a></p></div>',
			/* translators: 1: connection name, 2: number of failures */
			esc_html( sprintf( _n( 'SyncWarden: %1$s failed %2$d time in a row.', 'SyncWarden: %1$s failed %2$d times in a row.', max( 1, $connection['consecutive_failures'] ), 'syncwarden' ), $name, max( 1, $connection['consecutive_failures'] ) ) ),
			esc_html( $what ),
			esc_html( $fix ),
			esc_url( SettingsPage::url() . '&tab=connections' ),
			esc_html__( 'Open Connections', 'syncwarden' ),
			esc_url( $dismiss ),
			esc_html__( 'Dismiss until it fails again', 'syncwarden' )
		);
	}
}
