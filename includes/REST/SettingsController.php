<?php
/**
 * Plugin-wide settings over REST.
 *
 * GET /settings   current values
 * PUT /settings   any subset; each value is validated by the route schema before anything is saved
 *
 * @package SyncWarden
 */

namespace SyncWarden\REST;

use SyncWarden\Admin\ConnectionHealthNotices;
use SyncWarden\Admin\IncidentMailer;
use SyncWarden\Audit\AuditLog;
use SyncWarden\Audit\AuditTrail;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

defined( 'ABSPATH' ) || exit;

/**
 * Transport only: the components that use a setting own its option name and default.
 */
final class SettingsController {

	/**
	 * Constructor.
	 *
	 * @param AuditTrail $audit Audit trail.
	 */
	public function __construct( private readonly AuditTrail $audit ) {
	}

	/**
	 * Setting => option, default and schema.
	 *
	 * @return array<string, array{option: string, default: int|bool, schema: array}>
	 */
	private static function settings(): array {
		return array(
			'failure_threshold'    => array(
				'option'  => ConnectionHealthNotices::THRESHOLD_OPTION,
				'default' => ConnectionHealthNotices::DEFAULT_THRESHOLD,
				'schema'  => array(
					'description' => __( 'Failed attempts in a row before a connection notice appears.', 'syncwarden' ),
					'label'       => __( 'Failed attempts before a notice', 'syncwarden' ),
					'type'        => 'integer',
					'minimum'     => 1,
					'maximum'     => 20,
				),
			),
			'failure_emails'       => array(
				'option'  => IncidentMailer::ENABLED_OPTION,
				'default' => true,
				'schema'  => array(
					'description' => __( 'E-mail the site administrator once per connection incident.', 'syncwarden' ),
					'label'       => __( 'E-mail when a connection starts failing', 'syncwarden' ),
					'type'        => 'boolean',
				),
			),
			'audit_retention_days' => array(
				'option'  => AuditLog::RETENTION_OPTION,
				'default' => AuditLog::DEFAULT_DAYS,
				'schema'  => array(
					'description' => __( 'Days the activity log is kept.', 'syncwarden' ),
					'label'       => __( 'Days to keep the activity log', 'syncwarden' ),
					'type'        => 'integer',
					'minimum'     => 7,
					'maximum'     => 3650,
				),
			),
		);
	}

	/**
	 * Registers the routes.
	 *
	 * @param Router $router Route registrar.
	 */
	public function register_routes( Router $router ): void {
		$router->add( '/settings', WP_REST_Server::READABLE, array( $this, 'get_settings' ) );
		$router->add( '/settings', 'PUT', array( $this, 'save_settings' ), array_map( static fn( array $s ): array => $s['schema'], self::settings() ) );
	}

	/**
	 * GET /settings.
	 */
	public function get_settings(): WP_REST_Response {
		return new WP_REST_Response( self::values() );
	}

	/**
	 * PUT /settings: saves what was sent (already validated) and audits the names changed.
	 *
	 * @param WP_REST_Request $request Request.
	 */
	public function save_settings( WP_REST_Request $request ): WP_REST_Response {
		$before  = self::values();
		$changed = array();
		foreach ( self::settings() as $name => $setting ) {
			$value = $request->get_param( $name );
			if ( null === $value || $value === $before[ $name ] ) {
				continue;
			}
			// Booleans are stored as 1/0: get_option() cannot tell a stored false from a missing option.
			update_option( $setting['option'], is_bool( $value ) ? (int) $value : $value, false );
			$changed[] = $name;
		}
		if ( $changed ) {
			$this->audit->record( 'settings.changed', array( 'fields' => $changed ) );
		}
		return new WP_REST_Response( self::values() );
	}

	/**
	 * Current values, typed.
	 *
	 * @return array<string, int|bool>
	 */
	private static function values(): array {
		$values = array();
		foreach ( self::settings() as $name => $setting ) {
			$raw             = get_option( $setting['option'], $setting['default'] );
			$values[ $name ] = is_bool( $setting['default'] ) ? (bool) $raw : (int) $raw;
		}
		return $values;
	}
}
