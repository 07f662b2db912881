<?php
/**
 * "Dismiss" for a per-connection admin notice, remembered per administrator.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Admin;

defined( 'ABSPATH' ) || exit;

/**
 * An admin-post.php action with a nonce per connection; the user meta maps connection id => the
 * value the notice was dismissed at (a failure count, a burst's time), so it shows again once
 * that value grows.
 */
final class NoticeDismissal {

	/**
	 * Constructor.
	 *
	 * @param string                    $action admin-post action (also the nonce action's prefix).
	 * @param string                    $meta   User meta key.
	 * @param callable(int): (int|null) $mark   The value to remember for a connection, or null
	 *                                          when it has nothing to dismiss.
	 */
	public function __construct( private readonly string $action, private readonly string $meta, private $mark ) {
	}

	/**
	 * Attaches the handler.
	 */
	public function register_hooks(): void {
		add_action( 'admin_post_' . $this->action, array( $this, 'handle' ) );
	}

	/**
	 * The dismiss link for a connection's notice.
	 *
	 * @param int $connection_id Connection id.
	 */
	public function url( int $connection_id ): string {
		return wp_nonce_url( admin_url( 'admin-post.php?action=' . $this->action . '&connection=' . $connection_id ), $this->action . '_' . $connection_id );
	}

	/**
	 * What the current user dismissed: connection id => value.
	 *
	 * @return array<int, int>
	 */
	public function dismissed(): array {
		return (array) get_user_meta( get_current_user_id(), $this->meta, true );
	}

	/**
	 * admin-post.php handler: checks the nonce and the capability, remembers, redirects back.
	 */
	public function handle(): void {
		$id = isset( $_GET['connection'] ) ? absint( $_GET['connection'] ) : 0;
		check_admin_referer( $this->action . '_' . $id );
		if ( ! current_user_can( 'manage_options' ) ) {
			wp_die( esc_html__( 'Only administrators can dismiss SyncWarden notices.', 'syncwarden' ), 403 );
		}
		$value = ( $this->mark )( $id );
		if ( null !== $value ) {
			$dismissed        = $this->dismissed();
			$dismissed[ $id ] = $value;
			update_user_meta( get_current_user_id(), $this->meta, array_filter( $dismissed, 'is_int' ) );
		}
		wp_safe_redirect( wp_get_referer() ? wp_get_referer() : admin_url() );
		exit;
	}
}
