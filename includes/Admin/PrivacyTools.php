<?php
/**
 * Tools → Export / Erase Personal Data, and the suggested privacy-policy text.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Admin;

use SyncWarden\Audit\AuditTrail;
use SyncWarden\Providers\ExportTarget;
use SyncWarden\Providers\ProviderRegistry;
use SyncWarden\Storage\BookingsRepository;
use SyncWarden\Storage\ConnectionsRepository;
use SyncWarden\Storage\SharingSettings;

defined( 'ABSPATH' ) || exit;

/**
 * Bookings are found by the customer's e-mail address. Erasing keeps the booking (a business
 * record that connected calendars still refer to) but blanks every personal field. The audit log
 * stores no e-mail addresses or values; its entries about the customer's bookings (what was sent
 * where, which field names) are exported with them, and stop being personal once the booking is.
 */
final class PrivacyTools {

	private const PAGE_SIZE = 100;

	/**
	 * Constructor.
	 *
	 * @param BookingsRepository    $bookings    Bookings.
	 * @param ConnectionsRepository $connections Connections.
	 * @param SharingSettings       $sharing     Allowlists.
	 * @param ProviderRegistry      $providers   Providers.
	 * @param AuditTrail            $audit       Audit trail.
	 */
	public function __construct(
		private readonly BookingsRepository $bookings,
		private readonly ConnectionsRepository $connections,
		private readonly SharingSettings $sharing,
		private readonly ProviderRegistry $providers,
		private readonly AuditTrail $audit
	) {
	}

	/**
	 * Attaches to WordPress.
	 */
	public function register_hooks(): void {
		add_filter( 'wp_privacy_personal_data_exporters', array( $this, 'add_exporter' ) );
		add_filter( 'wp_privacy_personal_data_erasers', array( $this, 'add_eraser' ) );
		add_action( 'admin_init', array( $this, 'add_policy_text' ) );
	}

	public function add_exporter( array $exporters ): array {
		$exporters['syncwarden-bookings'] = array(
			'exporter_friendly_name' => __( 'SyncWarden bookings', 'syncwarden' ),
			'callback'               => array( $this, 'export' ),
		);
		return $exporters;
	}

	public function add_eraser( array $erasers ): array {
		$erasers['syncwarden-bookings'] = array(
			'eraser_friendly_name' => __( 'SyncWarden bookings', 'syncwarden' ),
			'callback'             => array( $this, 'erase' ),
		);
		return $erasers;
	}

	/**
	 * Exporter callback.
	 *
	 * @param string $email Customer e-mail.
	 * @param int    $page  Page.
	 * @return array{data: array, done: bool}
	 */
	public function export( string $email, int $page = 1 ): array {
		$rows = $this->bookings->find_by_email( $email, $page, self::PAGE_SIZE );
		$data = array();
		foreach ( $rows as $booking ) {
			$data[] = array(
				'group_id'    => 'syncwarden-bookings',
				'group_label' => __( 'Bookings', 'syncwarden' ),
				'item_id'     => 'syncwarden-booking-' . $booking['id'],
				'data'        => array(
					array( 'name' => __( 'Title', 'syncwarden' ), 'value' => $booking['title'] ),
					...self::when( $booking ),
					array( 'name' => __( 'Status', 'syncwarden' ), 'value' => $booking['status'] ),
					array( 'name' => __( 'Name', 'syncwarden' ), 'value' => $booking['customer_name'] ),
					array( 'name' => __( 'E-mail', 'syncwarden' ), 'value' => $booking['customer_email'] ),
					array( 'name' => __( 'Phone', 'syncwarden' ), 'value' => $booking['customer_phone'] ),
					array( 'name' => __( 'Notes', 'syncwarden' ), 'value' => $booking['notes'] ),
				),
			);
			array_push( $data, ...$this->activity( $booking['id'] ) );
		}
		return array(
			'data' => $data,
			'done' => count( $rows ) < self::PAGE_SIZE,
		);
	}

	/**
	 * What happened to one of the customer's bookings (the activity log holds field names and
	 * services, never values): one export item per entry.
	 *
	 * @param int $booking_id Booking id.
	 * @return array<int, array>
	 */
	private function activity( int $booking_id ): array {
		$items = array();
		foreach ( $this->audit->for_booking( $booking_id ) as $entry ) {
			$items[] = array(
				'group_id'    => 'syncwarden-booking-activity',
				'group_label' => __( 'Booking activity', 'syncwarden' ),
				'item_id'     => 'syncwarden-activity-' . $booking_id . '-' . $entry['time'] . '-' . md5( (string) wp_json_encode( $entry ) ),
				'data'        => array(
					array( 'name' => __( 'Booking', 'syncwarden' ), 'value' => (string) $booking_id ),
					array( 'name' => __( 'Time', 'syncwarden' ), 'value' => wp_date( DATE_RFC3339, $entry['time'] ) ),
					array( 'name' => __( 'What happened', 'syncwarden' ), 'value' => $entry['event'] ),
					array( 'name' => __( 'Result', 'syncwarden' ), 'value' => $entry['result'] ),
					array( 'name' => __( 'Service', 'syncwarden' ), 'value' => $entry['provider'] ),
					array( 'name' => __( 'Fields sent', 'syncwarden' ), 'value' => implode( ', ', $entry['fields'] ) ),
				),
			);
		}
		return $items;
	}

	/**
	 * Eraser callback: blanks the personal fields of the customer's bookings.
	 *
	 * @param string $email Customer e-mail.
	 * @param int    $page  Page (always 1: erased rows no longer match).
	 * @return array{items_removed: bool, items_retained: bool, messages: string[], done: bool}
	 */
	public function erase( string $email, int $page = 1 ): array {
		$rows = $this->bookings->find_by_email( $email, 1, self::PAGE_SIZE );
		foreach ( $rows as $booking ) {
			$this->bookings->update(
				$booking['id'],
				array(
					'title'          => __( 'Booking (personal data erased)', 'syncwarden' ),
					'customer_name'  => '',
					'customer_email' => '',
					'customer_phone' => '',
					'notes'          => '',
				)
			);
		}
		if ( $rows ) {
			$this->audit->record( 'privacy.erased', array( 'count' => count( $rows ) ) );
		}
		return array(
			'items_removed'  => (bool) $rows,
			'items_retained' => false,
			'messages'       => $rows ? array( __( 'Copies already sent to connected calendars or CRMs must be removed there; SyncWarden does not delete remote records on erasure.', 'syncwarden' ) ) : array(),
			'done'           => count( $rows ) < self::PAGE_SIZE,
		);
	}

	/**
	 * Suggested policy text, listing exactly which booking fields go to which service now.
	 */
	public function add_policy_text(): void {
		if ( ! function_exists( 'wp_add_privacy_policy_content' ) ) {
			return;
		}
		wp_add_privacy_policy_content( __( 'SyncWarden', 'syncwarden' ), wp_kses_post( $this->policy_text() ) );
	}

	/**
	 * Start and end for the export: date-times in the booking's zone, or for an all-day booking
	 * its first and last day (the stored end is the midnight after the last day).
	 *
	 * @param array $booking Stored booking.
	 * @return array<int, array{name: string, value: string}>
	 */
	private static function when( array $booking ): array {
		$zone = new \DateTimeZone( $booking['timezone'] );
		if ( ! empty( $booking['all_day'] ) ) {
			return array(
				array( 'name' => __( 'First day (all day)', 'syncwarden' ), 'value' => wp_date( 'Y-m-d', $booking['starts_at'], $zone ) ),
				array( 'name' => __( 'Last day (all day)', 'syncwarden' ), 'value' => wp_date( 'Y-m-d', $booking['ends_at'] - 1, $zone ) ),
			);
		}
		return array(
			array( 'name' => __( 'Start', 'syncwarden' ), 'value' => wp_date( DATE_RFC3339, $booking['starts_at'], $zone ) ),
			array( 'name' => __( 'End', 'syncwarden' ), 'value' => wp_date( DATE_RFC3339, $booking['ends_at'], $zone ) ),
		);
	}

	/**
	 * The policy text as HTML.
	 */
	public function policy_text(): string {
		$labels = array(
			'title'          => __( 'booking title', 'syncwarden' ),
			'starts_at'      => __( 'start time', 'syncwarden' ),
			'ends_at'        => __( 'end time', 'syncwarden' ),
			'timezone'       => __( 'time zone', 'syncwarden' ),
			'all_day'        => __( 'whether it lasts all day', 'syncwarden' ),
			'customer_name'  => __( 'name', 'syncwarden' ),
			'customer_email' => __( 'e-mail address', 'syncwarden' ),
			'customer_phone' => __( 'phone number', 'syncwarden' ),
			'notes'          => __( 'booking notes', 'syncwarden' ),
		);
		$lines = array();
		foreach ( $this->connections->all() as $connection ) {
			$provider = $this->providers->get( $connection['provider'] );
			if ( ! $provider instanceof ExportTarget || ! in_array( 'export', $connection['features'], true ) ) {
				continue;
			}
			$fields  = $provider->sharable_fields();
			$sent    = array_merge( $fields['required'], array_intersect( $this->sharing->allowed( $connection['id'] ), $fields['optional'] ) );
			$lines[] = '<li>' . esc_html( $provider->label() ) . ': ' . esc_html( implode( ', ', array_map( static fn( $f ) => $labels[ $f ] ?? $f, $sent ) ) ) . '</li>';
		}
		$intro = '<p>' . esc_html__( 'When you book an appointment, this site stores the booking (time, and the name, e-mail address, phone number and notes you give) in its own database.', 'syncwarden' ) . '</p>';
		if ( ! $lines ) {
			return $intro . '<p>' . esc_html__( 'No booking data is currently sent to any other service.', 'syncwarden' ) . '</p>';
		}
		return $intro . '<p>' . esc_html__( 'To keep our calendars and customer records up to date, these details of each booking are sent to the following services:', 'syncwarden' ) . '</p><ul>' . implode( '', $lines ) . '</ul>';
	}
}
