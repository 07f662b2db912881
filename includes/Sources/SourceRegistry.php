<?php
/**
 * The booking plugins SyncWarden knows, and which of them feed it on this site.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Sources;

use SyncWarden\Storage\SourceSettings;

defined( 'ABSPATH' ) || exit;

/**
 * A source is loaded only when its plugin is active (site-wide or on this site) and it is
 * switched on; each is attached at most once per request.
 */
final class SourceRegistry {

	/**
	 * Sources by id.
	 *
	 * @var array<string, Source>
	 */
	private array $sources = array();

	/**
	 * Ids attached in this request.
	 *
	 * @var array<string, true>
	 */
	private array $attached = array();

	/**
	 * Constructor.
	 *
	 * @param Source[]       $sources  Known sources.
	 * @param SourceSettings $settings Per-source settings.
	 */
	public function __construct( array $sources, private readonly SourceSettings $settings ) {
		foreach ( $sources as $source ) {
			$this->sources[ $source->id() ] = $source;
		}
	}

	/**
	 * Every source SyncWarden ships.
	 *
	 * @param SourceSettings $settings Per-source settings.
	 */
	public static function default( SourceSettings $settings ): self {
		return new self( array( new BookingCalendarSource(), new LatePointSource(), new FluentBookingSource(), new SimplyScheduleSource(), new AmeliaSource(), new BooklySource() ), $settings );
	}

	/**
	 * Ids of every known source (the `source` their bookings carry).
	 *
	 * @return string[]
	 */
	public static function ids(): array {
		return array( BookingCalendarSource::ID, LatePointSource::ID, FluentBookingSource::ID, SimplyScheduleSource::ID, AmeliaSource::ID, BooklySource::ID );
	}

	/**
	 * Every known source.
	 *
	 * @return array<string, Source>
	 */
	public function all(): array {
		return $this->sources;
	}

	/**
	 * One source, or null.
	 *
	 * @param string $id Source id.
	 */
	public function get( string $id ): ?Source {
		return $this->sources[ $id ] ?? null;
	}

	/**
	 * Whether the source's plugin is active on this site.
	 *
	 * @param Source $source Source.
	 */
	public function is_active( Source $source ): bool {
		$file = $source->plugin_file();
		if ( in_array( $file, (array) get_option( 'active_plugins', array() ), true ) ) {
			return true;
		}
		return is_multisite() && isset( ( (array) get_site_option( 'active_sitewide_plugins', array() ) )[ $file ] );
	}

	/**
	 * The version in the plugin's header when its file is on this site (active or not), so the
	 * Sources screen can tell "not installed" from "installed but not active"; null when the
	 * plugin is not installed. Reads the header only, never loads the plugin.
	 *
	 * @param Source $source Source.
	 */
	public function installed_version( Source $source ): ?string {
		$path = WP_PLUGIN_DIR . '/' . $source->plugin_file();
		if ( ! is_file( $path ) ) {
			return null;
		}
		return (string) get_file_data( $path, array( 'version' => 'Version' ), 'plugin' )['version'];
	}

	/**
	 * Whether the source is attached in this request.
	 *
	 * @param string $id Source id.
	 */
	public function is_attached( string $id ): bool {
		return isset( $this->attached[ $id ] );
	}

	/**
	 * Whether a source feeds SyncWarden on this site: its plugin is active and it is switched on.
	 *
	 * @param Source $source Source.
	 */
	public function is_on( Source $source ): bool {
		return $this->is_active( $source ) && $this->settings->get( $source->id() )['enabled'];
	}

	/**
	 * Attaches every active, switched-on source that is not attached yet, and keeps every
	 * poller's schedule in step with whether it is on (see Poller).
	 *
	 * @param SourceBookings $bookings Where their records go.
	 */
	public function attach_active( SourceBookings $bookings ): void {
		$busy = new SourceBusyTime( $bookings );
		foreach ( $this->sources as $id => $source ) {
			$on = $this->is_on( $source );
			if ( $source instanceof Poller ) {
				$source->keep_polling( $on );
			}
			if ( isset( $this->attached[ $id ] ) || ! $on ) {
				continue;
			}
			$source->attach( $bookings );
			$source->block_busy_time( $busy );
			$this->attached[ $id ] = true;
		}
	}
}
