<?php
/**
 * A dismissible admin notice for secrets past their rotation age, and the audit of the ages.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Admin;

use SyncWarden\Audit\AuditTrail;
use SyncWarden\Health\RotationHealthTest;
use SyncWarden\Health\SecretAges;

defined( 'ABSPATH' ) || exit;

/**
 * Shown to users who can manage options while a secret is past its age. Dismissing is per user and
 * holds for the secrets as they are: a secret that is rotated and later falls due again raises the
 * notice again (the dismissal remembers each secret's set time). Dismissals and every change of the
 * ages in force (the `syncwarden_rotation_ages` filter) go to the audit log.
 */
final class RotationNotice {

	public const DISMISS_ACTION = 'syncwarden_dismiss_rotation_notice';
	public const DISMISSED_META = 'syncwarden_dismissed_rotation';
	public const AGES_OPTION    = 'syncwarden_rotation_ages_seen';

	/**
	 * Constructor.
	 *
	 * @param SecretAges $ages  Secret ages.
	 * @param AuditTrail $audit Audit log.
	 */
	public function __construct( private readonly SecretAges $ages, private readonly AuditTrail $audit ) {
	}

	/**
	 * Attaches to WordPress.
	 */
	public function register_hooks(): void {
		add_action( 'admin_notices', array( $this, 'render' ) );
		add_action( 'admin_post_' . self::DISMISS_ACTION, array( $this, 'dismiss' ) );
		add_action( 'admin_init', array( $this, 'audit_ages' ) );
	}

	/**
	 * Records the ages in force when they differ from the ones last recorded (a filter was added,
	 * changed or removed): who may keep a secret how long is a security setting.
	 */
	public function audit_ages(): void {
		$ages = SecretAges::ages();
		$seen = get_option( self::AGES_OPTION, null );
		if ( $seen === $ages ) {
			return;
		}
		update_option( self::AGES_OPTION, $ages, false );
		$from = is_array( $seen ) ? $seen : SecretAges::DEFAULT_AGES;
		if ( $from !== $ages ) {
			$this->audit->record(
				'rotation.ages_changed',
				array(
					'from' => self::in_days( $from ),
					'to'   => self::in_days( $ages ),
				)
			);
		}
	}

	/**
	 * Ages keyed `client_secret_days` etc.: the audit's redactor masks a key named `client_secret`
	 * whatever it holds, and these are numbers of days, not secrets.
	 *
	 * @param array<string, int> $ages Ages by kind.
	 * @return array<string, int>
	 */
	private static function in_days( array $ages ): array {
		$days = array();
		foreach ( $ages as $kind => $value ) {
			$days[ $kind . '_days' ] = (int) $value;
		}
		return $days;
	}

	/**
	 * The overdue secrets this user has not dismissed as they are now.
	 *
	 * @return array<int, array<string, mixed>>
	 */
	public function pending(): array {
		$dismissed = (array) get_user_meta( get_current_user_id(), self::DISMISSED_META, true );
		return array_values( array_filter( $this->ages->overdue(), static fn( array $item ) => ( $dismissed[ $item['id'] ] ?? null ) !== $item['set_at'] ) );
	}

	/**
	 * Prints the notice.
	 */
	public function render(): void {
		if ( ! current_user_can( 'manage_options' ) ) {
			return;
		}
		$pending = $this->pending();
		if ( ! $pending ) {
			return;
		}
		$items = '';
		foreach ( $pending as $item ) {
			$items .= '<li>' . esc_html( RotationHealthTest::sentence( $item ) ) . '</li>';
		}
		printf(
			'<div class="notice notice-warning syncwarden-rotation-notice"><p><strong>%1$s</strong></p><ul>%2$s</ul><p><a href="%3$s">%4$s</a> · <a href="%5$s">%6$s</a></p></div>',
			esc_html( _n( 'SyncWarden: a secret is due for rotation.', 'SyncWarden: secrets are due for rotation.', count( $pending ), 'syncwarden' ) ),
			$items, // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- each item escaped above.
			esc_url( SettingsPage::url() . '&tab=settings' ),
			esc_html__( 'Open Settings', 'syncwarden' ),
			esc_url( wp_nonce_url( admin_url( 'admin-post.php?action=' . self::DISMISS_ACTION ), self::DISMISS_ACTION ) ),
			esc_html__( 'Dismiss until one is due again', 'syncwarden' )
		);
	}

	/**
	 * admin-post.php handler: remembers, for this user, the set time of each secret now overdue.
	 */
	public function dismiss(): void {
		check_admin_referer( self::DISMISS_ACTION );
		if ( ! current_user_can( 'manage_options' ) ) {
			wp_die( esc_html__( 'Only administrators can dismiss SyncWarden notices.', 'syncwarden' ), 403 );
		}
		$dismissed = array();
		foreach ( $this->ages->overdue() as $item ) {
			$dismissed[ $item['id'] ] = $item['set_at'];
		}
		update_user_meta( get_current_user_id(), self::DISMISSED_META, $dismissed );
		$this->audit->record( 'rotation.reminder_dismissed', array( 'reminders' => array_keys( $dismissed ) ) );
		wp_safe_redirect( wp_get_referer() ? wp_get_referer() : admin_url() );
		exit;
	}
}
