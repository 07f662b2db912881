<?php
/**
 * One e-mail to the site administrator per connection incident.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Admin;

use SyncWarden\Providers\ProviderRegistry;
use SyncWarden\Storage\AtomicOption;
use SyncWarden\Storage\ConnectionsRepository;

defined( 'ABSPATH' ) || exit;

/**
 * An incident starts when a connection reaches the notice threshold or needs reconnecting and
 * ends with its next success; at most one e-mail goes out per incident (not one per failed run).
 * The e-mail carries the same plain words as the notice and no token, secret or error payload.
 */
final class IncidentMailer {

	public const ENABLED_OPTION  = 'syncwarden_failure_emails';
	private const INCIDENT_PREFIX = 'syncwarden_incident_';

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
		add_action( 'syncwarden_connection_health_recorded', array( $this, 'on_health_recorded' ) );
	}

	/**
	 * Opens or closes the connection's incident.
	 *
	 * @param int $id Connection id.
	 */
	public function on_health_recorded( int $id ): void {
		$connection = $this->connections->find( $id );
		if ( null === $connection ) {
			return;
		}
		$troubled = ConnectionsRepository::STATUS_RECONNECT_NEEDED === $connection['status'] || $connection['consecutive_failures'] >= ConnectionHealthNotices::threshold();
		if ( ! $troubled ) {
			delete_option( self::INCIDENT_PREFIX . $id );
			return;
		}
		// The incident is opened by exactly one process (several can record the same failure at
		// once: cron, Sync now, a push); only that one mails.
		if ( ! get_option( self::ENABLED_OPTION, true ) || ! AtomicOption::add( self::INCIDENT_PREFIX . $id, (string) time() ) ) {
			return;
		}
		$this->send( $connection );
	}

	/**
	 * The e-mail.
	 *
	 * @param array $connection Connection.
	 */
	private function send( array $connection ): void {
		$provider       = $this->providers->get( $connection['provider'] );
		$label          = null === $provider ? $connection['provider'] : $provider->label();
		[ $what, $fix ] = ConnectionHealthNotices::explain( $connection );
		wp_mail(
			(string) get_option( 'admin_email' ),
			/* translators: 1: site name, 2: provider name */
			sprintf( __( '[%1$s] SyncWarden: %2$s needs attention', 'syncwarden' ), wp_specialchars_decode( (string) get_option( 'blogname' ), ENT_QUOTES ), $label ),
			implode(
				"\n\n",
				array(
					/* translators: %s: provider name */
					sprintf( __( 'The %s connection on your site is not working.', 'syncwarden' ), $label ),
					$what,
					$fix,
					SettingsPage::url() . '&tab=connections',
					__( 'You get one e-mail per incident. Turn these e-mails off under SyncWarden → Settings.', 'syncwarden' ),
				)
			)
		);
	}
}
