<?php
/**
 * Site Health: secrets past their rotation age.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Health;

defined( 'ABSPATH' ) || exit;

/**
 * One direct test, `syncwarden_secret_rotation`: "recommended" while any secret is past its age
 * (see SecretAges), naming each one and how to rotate it; "good" otherwise.
 */
final class RotationHealthTest {

	public const TEST = 'syncwarden_secret_rotation';

	/**
	 * Constructor.
	 *
	 * @param SecretAges $ages Secret ages.
	 */
	public function __construct( private readonly SecretAges $ages ) {
	}

	/**
	 * Attaches to WordPress.
	 */
	public function register_hooks(): void {
		add_filter( 'site_status_tests', array( $this, 'add_test' ) );
	}

	/**
	 * Adds the test.
	 *
	 * @param array $tests Site Health tests.
	 * @return array
	 */
	public function add_test( array $tests ): array {
		$tests['direct'][ self::TEST ] = array(
			'label' => 'SyncWarden',
			'test'  => array( $this, 'run' ),
		);
		return $tests;
	}

	/**
	 * The result.
	 *
	 * @return array<string, mixed>
	 */
	public function run(): array {
		$overdue = $this->ages->overdue();
		$result  = array(
			'label'       => __( 'SyncWarden’s secrets are within their rotation age', 'syncwarden' ),
			'status'      => 'good',
			'badge'       => array(
				'label' => __( 'Security', 'syncwarden' ),
				'color' => 'blue',
			),
			'description' => '<p>' . esc_html__( 'OAuth client secrets are due yearly and webhook and push secrets every 180 days (unless the syncwarden_rotation_ages filter says otherwise); none is past its age.', 'syncwarden' ) . '</p>',
			'actions'     => '',
			'test'        => self::TEST,
		);
		if ( ! $overdue ) {
			return $result;
		}
		$items = '';
		foreach ( $overdue as $item ) {
			$items .= '<li>' . esc_html( self::sentence( $item ) ) . '</li>';
		}
		return array(
			'label'       => _n( 'A SyncWarden secret is due for rotation', 'SyncWarden secrets are due for rotation', count( $overdue ), 'syncwarden' ),
			'status'      => 'recommended',
			'badge'       => $result['badge'],
			'description' => '<p>' . esc_html__( 'A secret that has been in use for a long time has had more chances to leak (a backup, a former colleague, a log). Replace these:', 'syncwarden' ) . '</p><ul>' . $items . '</ul>',
			'actions'     => '<p><a href="' . esc_url( admin_url( 'options-general.php?page=syncwarden&tab=settings' ) ) . '">' . esc_html__( 'Open SyncWarden → Settings', 'syncwarden' ) . '</a></p>',
			'test'        => self::TEST,
		);
	}

	/**
	 * "Google Calendar client secret: set 400 days ago, due after 365. Create a new secret …".
	 *
	 * @param array $item From SecretAges.
	 */
	public static function sentence( array $item ): string {
		$days = (int) floor( ( time() - (int) $item['set_at'] ) / DAY_IN_SECONDS );
		$how  = array(
			SecretAges::CLIENT_SECRET => __( 'Create a new client secret in the provider’s developer console and enter it on the Settings tab.', 'syncwarden' ),
			SecretAges::SIGNING_KEY   => __( 'Create a new signing key in the Calendly developer console and enter it on the Settings tab.', 'syncwarden' ),
			SecretAges::PUSH_SECRET   => __( 'Click Rotate (Resubscribe) on the Settings tab: SyncWarden makes a new one.', 'syncwarden' ),
		);
		return sprintf(
			/* translators: 1: secret, e.g. "Google Calendar client secret", 2: age in days, 3: allowed age in days, 4: what to do */
			_n( '%1$s: set %2$d day ago, due after %3$d. %4$s', '%1$s: set %2$d days ago, due after %3$d. %4$s', $days, 'syncwarden' ),
			$item['label'],
			$days,
			(int) $item['max_age_days'],
			$how[ $item['kind'] ] ?? ''
		);
	}
}
