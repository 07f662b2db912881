<?php
/**
 * Tools → Site Health checks for SyncWarden.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Health;

use SyncWarden\Http\TransportProbe;
use SyncWarden\Storage\ConnectionsRepository;
use SyncWarden\Storage\KeyMonitor;
use SyncWarden\Storage\KeyRing;
use SyncWarden\Storage\OutboxRepository;
use SyncWarden\Webhooks\PushSubscriptions;

defined( 'ABSPATH' ) || exit;

/**
 * Each check says what is wrong in plain words and what to do about it.
 */
final class SiteHealthTests {

	/**
	 * How late a scheduled event may be before cron counts as not running (WP-Cron on a quiet
	 * site only runs on visits).
	 */
	private const CRON_GRACE = HOUR_IN_SECONDS;

	/**
	 * Constructor.
	 *
	 * @param KeyRing               $keys        Running keys.
	 * @param KeyMonitor            $monitor     Secret counts.
	 * @param ConnectionsRepository $connections Connections.
	 * @param OutboxRepository      $outbox      Export jobs.
	 * @param PushSubscriptions     $push        Webhook and push subscriptions.
	 */
	public function __construct(
		private readonly KeyRing $keys,
		private readonly KeyMonitor $monitor,
		private readonly ConnectionsRepository $connections,
		private readonly OutboxRepository $outbox,
		private readonly PushSubscriptions $push
	) {
	}

	/**
	 * Attaches to WordPress.
	 */
	public function register_hooks(): void {
		add_filter( 'site_status_tests', array( $this, 'add_tests' ) );
		add_filter( 'debug_information', array( $this, 'add_debug_information' ) );
	}

	/**
	 * Adds the direct tests.
	 *
	 * @param array $tests Site Health tests.
	 * @return array
	 */
	public function add_tests( array $tests ): array {
		foreach ( array( 'sodium', 'encryption_key', 'stored_secrets', 'https', 'tls_transport', 'cron', 'connections', 'outbox', 'push' ) as $name ) {
			$tests['direct'][ 'syncwarden_' . $name ] = array(
				'label' => 'SyncWarden',
				'test'  => array( $this, 'test_' . $name ),
			);
		}
		return $tests;
	}

	/**
	 * Native libsodium or the pure-PHP fallback.
	 *
	 * @return array<string, mixed>
	 */
	public function test_sodium(): array {
		$implementation = EnvironmentReport::sodium_implementation();
		if ( EnvironmentReport::SODIUM_NATIVE === $implementation ) {
			return $this->result( 'sodium', 'good', __( 'SyncWarden encrypts secrets with the native libsodium extension', 'syncwarden' ), __( 'Tokens and client secrets are encrypted with XChaCha20-Poly1305 using PHP’s sodium extension.', 'syncwarden' ) );
		}
		if ( EnvironmentReport::SODIUM_COMPAT === $implementation ) {
			return $this->result( 'sodium', 'recommended', __( 'SyncWarden uses the slower pure-PHP sodium fallback', 'syncwarden' ), __( 'Secrets are still encrypted, with WordPress’s bundled sodium_compat library. Ask your host to enable the PHP sodium extension for better speed.', 'syncwarden' ) );
		}
		return $this->result( 'sodium', 'critical', __( 'SyncWarden cannot encrypt secrets on this server', 'syncwarden' ), __( 'Neither the PHP sodium extension nor WordPress’s sodium_compat library is available, so SyncWarden refuses to store tokens and secrets.', 'syncwarden' ) );
	}

	/**
	 * Where the encryption key comes from.
	 *
	 * @return array<string, mixed>
	 */
	public function test_encryption_key(): array {
		$errors = $this->keys->config_errors();
		if ( KeyRing::SOURCE_NONE === $this->keys->source() ) {
			return $this->result( 'encryption_key', 'critical', __( 'SyncWarden has no encryption key', 'syncwarden' ), implode( ' ', $errors ), $this->key_instructions() );
		}
		if ( KeyRing::SOURCE_SALTS === $this->keys->source() ) {
			return $this->result(
				'encryption_key',
				'recommended',
				__( 'SyncWarden’s encryption key is derived from your WordPress salts', 'syncwarden' ),
				__( 'Secrets are encrypted, but regenerating the WordPress salts (which some security plugins do) would make them unreadable. A dedicated key in wp-config.php avoids that.', 'syncwarden' ),
				$this->key_instructions()
			);
		}
		$description = __( 'SYNCWARDEN_ENCRYPTION_KEY is defined in wp-config.php; the key is never stored in the database.', 'syncwarden' );
		return $this->result( 'encryption_key', $errors ? 'recommended' : 'good', __( 'SyncWarden uses a dedicated encryption key', 'syncwarden' ), trim( $description . ' ' . implode( ' ', $errors ) ) );
	}

	/**
	 * Whether every stored secret can be read and is on the current key.
	 *
	 * @return array<string, mixed>
	 */
	public function test_stored_secrets(): array {
		$this->monitor->check_fingerprint();
		$state = $this->monitor->state();
		if ( $state['unreadable'] > 0 ) {
			return $this->result(
				'stored_secrets',
				'critical',
				__( 'SyncWarden cannot decrypt some stored secrets', 'syncwarden' ),
				/* translators: %d: number of secrets */
				sprintf( _n( '%d stored secret was encrypted with a key this site no longer has. Re-enter the affected client secret or reconnect the affected connection, or add the old key as SYNCWARDEN_ENCRYPTION_KEY_PREVIOUS.', '%d stored secrets were encrypted with a key this site no longer has. Re-enter the affected client secrets and reconnect the affected connections, or add the old key as SYNCWARDEN_ENCRYPTION_KEY_PREVIOUS.', (int) $state['unreadable'], 'syncwarden' ), $state['unreadable'] )
			);
		}
		if ( $state['stale'] > 0 ) {
			return $this->result(
				'stored_secrets',
				'recommended',
				__( 'Some SyncWarden secrets still use a previous key', 'syncwarden' ),
				/* translators: %d: number of secrets */
				sprintf( _n( '%d stored secret is encrypted with a previous key. Use “Re-encrypt all secrets” under Settings → SyncWarden → Settings, then remove the old key from wp-config.php.', '%d stored secrets are encrypted with a previous key. Use “Re-encrypt all secrets” under Settings → SyncWarden → Settings, then remove the old key from wp-config.php.', (int) $state['stale'], 'syncwarden' ), $state['stale'] )
			);
		}
		return $this->result( 'stored_secrets', 'good', __( 'All SyncWarden secrets are readable with the current key', 'syncwarden' ), __( 'The encryption key fingerprint matches the one the secrets were written with.', 'syncwarden' ) );
	}

	/**
	 * OAuth redirect URIs and webhooks need the site on HTTPS.
	 *
	 * @return array<string, mixed>
	 */
	public function test_https(): array {
		if ( wp_is_using_https() ) {
			return $this->result( 'https', 'good', __( 'SyncWarden’s sign-in and webhook addresses use HTTPS', 'syncwarden' ), __( 'Providers send authorization codes and webhooks to this site over an encrypted connection.', 'syncwarden' ) );
		}
		return $this->result(
			'https',
			'recommended',
			__( 'SyncWarden needs this site on HTTPS', 'syncwarden' ),
			__( 'Providers only accept HTTPS redirect addresses for live sites (plain HTTP works for localhost only), and webhooks and push notifications are only set up over HTTPS; until then changes arrive by polling. Ask your host for a certificate, then switch the WordPress and site addresses under Settings → General to https://.', 'syncwarden' )
		);
	}

	/**
	 * Whether the HTTP transport WordPress will use lets SyncWarden require TLS 1.2 (cURL only).
	 *
	 * @return array<string, mixed>
	 */
	public function test_tls_transport(): array {
		if ( TransportProbe::tls_floor_enforceable() ) {
			return $this->result( 'tls_transport', 'good', __( 'SyncWarden can require TLS 1.2 for every provider call', 'syncwarden' ), __( 'WordPress sends SyncWarden’s requests through PHP’s cURL extension, where SyncWarden requires TLS 1.2 or newer and verifies certificates.', 'syncwarden' ) );
		}
		return $this->result(
			'tls_transport',
			'critical',
			__( 'SyncWarden cannot reach any provider on this server', 'syncwarden' ),
			__( 'WordPress on this server would send requests without PHP’s cURL extension (or through a transport another plugin added), where SyncWarden cannot require TLS 1.2. Rather than send client secrets and tokens over a connection that might be downgraded, SyncWarden refuses every provider call. Ask your host to enable PHP’s cURL extension.', 'syncwarden' )
		);
	}

	/**
	 * Whether WP-Cron runs: a SyncWarden event overdue by more than its grace means nothing runs
	 * scheduled syncs, exports or renewals.
	 *
	 * @return array<string, mixed>
	 */
	public function test_cron(): array {
		$overdue = self::oldest_overdue_event();
		if ( null === $overdue || $overdue < self::CRON_GRACE ) {
			return $this->result( 'cron', 'good', __( 'WP-Cron runs SyncWarden’s scheduled work', 'syncwarden' ), __( 'No scheduled sync, export or renewal is overdue.', 'syncwarden' ) );
		}
		$how = defined( 'DISABLE_WP_CRON' ) && DISABLE_WP_CRON
			? __( 'DISABLE_WP_CRON is set, so a system cron job must call wp-cron.php (or “wp cron event run --due-now”) every minute; check that it does.', 'syncwarden' )
			: __( 'WP-Cron runs when people visit the site; on a quiet site, or if loopback requests fail, set DISABLE_WP_CRON and call wp-cron.php from a system cron job every minute.', 'syncwarden' );
		return $this->result(
			'cron',
			'critical',
			__( 'WP-Cron is not running SyncWarden’s scheduled work', 'syncwarden' ),
			/* translators: 1: minutes, 2: what to do */
			sprintf( _n( 'A scheduled SyncWarden task is %1$d minute overdue: imports, exports and webhook renewals wait. %2$s', 'A scheduled SyncWarden task is %1$d minutes overdue: imports, exports and webhook renewals wait. %2$s', (int) floor( $overdue / MINUTE_IN_SECONDS ), 'syncwarden' ), (int) floor( $overdue / MINUTE_IN_SECONDS ), $how )
		);
	}

	/**
	 * Seconds the most overdue SyncWarden cron event is late, or null when none is due.
	 */
	private static function oldest_overdue_event(): ?int {
		foreach ( (array) _get_cron_array() as $time => $hooks ) { // Sorted by time.
			if ( $time > time() ) {
				return null;
			}
			foreach ( array_keys( (array) $hooks ) as $hook ) {
				if ( str_starts_with( (string) $hook, 'syncwarden_' ) ) {
					return time() - (int) $time;
				}
			}
		}
		return null;
	}

	/**
	 * Tools → Site Health → Info: facts a support request needs, and nothing secret (no key, no
	 * fingerprint, no account names).
	 *
	 * @param array $info Debug information sections.
	 * @return array
	 */
	public function add_debug_information( array $info ): array {
		$by_status = array();
		foreach ( $this->connections->all() as $connection ) {
			$key               = $connection['provider'] . ' (' . $connection['status'] . ')';
			$by_status[ $key ] = ( $by_status[ $key ] ?? 0 ) + 1;
		}
		$backlog = $this->outbox->backlog();
		$overdue = self::oldest_overdue_event();
		$fields  = array(
			'version'     => array(
				'label' => __( 'Version', 'syncwarden' ),
				'value' => defined( 'SYNCWARDEN_VERSION' ) ? SYNCWARDEN_VERSION : '',
			),
			'key_source'  => array(
				'label' => __( 'Encryption key source', 'syncwarden' ),
				'value' => $this->keys->source(),
			),
			'sodium'      => array(
				'label' => __( 'Sodium', 'syncwarden' ),
				'value' => EnvironmentReport::sodium_implementation(),
			),
			'connections' => array(
				'label' => __( 'Connections', 'syncwarden' ),
				'value' => $by_status ? implode( ', ', array_map( static fn( $k, $n ) => "$k: $n", array_keys( $by_status ), $by_status ) ) : __( 'None', 'syncwarden' ),
			),
			'outbox'      => array(
				'label' => __( 'Export jobs waiting / parked', 'syncwarden' ),
				'value' => array_sum( array_column( $backlog, 'pending' ) ) . ' / ' . array_sum( array_column( $backlog, 'parked' ) ),
			),
			'cron'        => array(
				'label' => __( 'Most overdue scheduled task', 'syncwarden' ),
				'value' => null === $overdue ? __( 'None', 'syncwarden' ) : $overdue . ' s',
			),
		);
		$info['syncwarden'] = array(
			'label'  => 'SyncWarden',
			'fields' => $fields,
		);
		return $info;
	}

	/**
	 * Whether every connection works.
	 *
	 * @return array<string, mixed>
	 */
	public function test_connections(): array {
		$broken = array_filter( $this->connections->all(), static fn( array $c ) => ConnectionsRepository::STATUS_RECONNECT_NEEDED === $c['status'] );
		if ( $broken ) {
			return $this->result(
				'connections',
				'critical',
				__( 'A SyncWarden connection needs reconnecting', 'syncwarden' ),
				/* translators: %s: provider ids */
				sprintf( __( 'These connections no longer work and sync with them has stopped: %s. Open Settings → SyncWarden → Connections and click Reconnect.', 'syncwarden' ), implode( ', ', array_column( $broken, 'provider' ) ) )
			);
		}
		return $this->result( 'connections', 'good', __( 'All SyncWarden connections work', 'syncwarden' ), __( 'No connection needs reconnecting.', 'syncwarden' ) );
	}

	/**
	 * Whether booking changes are leaving the site.
	 *
	 * @return array<string, mixed>
	 */
	public function test_outbox(): array {
		$parked = array_sum( array_column( $this->outbox->backlog(), 'parked' ) );
		if ( $parked > 0 ) {
			return $this->result(
				'outbox',
				'recommended',
				__( 'Some booking changes could not be sent', 'syncwarden' ),
				/* translators: %d: number of changes */
				sprintf( _n( '%d booking change failed repeatedly and waits for you. Open Settings → SyncWarden → Connections to see why and retry it.', '%d booking changes failed repeatedly and wait for you. Open Settings → SyncWarden → Connections to see why and retry them.', (int) $parked, 'syncwarden' ), $parked )
			);
		}
		return $this->result( 'outbox', 'good', __( 'SyncWarden sends booking changes', 'syncwarden' ), __( 'No booking change is stuck.', 'syncwarden' ) );
	}

	/**
	 * Whether webhook subscriptions and push channels are fresh (renewed before they expire).
	 *
	 * @return array<string, mixed>
	 */
	public function test_push(): array {
		$problems = $this->push->problems();
		if ( ! $problems ) {
			return $this->result( 'push', 'good', __( 'SyncWarden’s webhooks and push channels are fresh', 'syncwarden' ), __( 'No subscription is failing or about to expire; they are renewed hourly by WP-Cron.', 'syncwarden' ) );
		}
		return $this->result(
			'push',
			'recommended',
			__( 'A SyncWarden webhook or push channel is failing or about to expire', 'syncwarden' ),
			/* translators: %s: provider ids */
			sprintf( __( 'Changes from these connections arrive by polling only until this is fixed: %s. Open Settings → SyncWarden → Connections and click Resubscribe; if it keeps happening, make sure WP-Cron runs (the renewal is hourly) and that the site is reachable over HTTPS.', 'syncwarden' ), implode( ', ', array_unique( array_column( $problems, 'provider' ) ) ) )
		);
	}

	/**
	 * How to add a dedicated key (a placeholder and the command to make one; never a real key).
	 */
	private function key_instructions(): string {
		return '<p>' . esc_html__( 'Add this line to wp-config.php, above “That’s all, stop editing!”, with a key generated on your server:', 'syncwarden' ) . '</p>'
			. "<p><code>define( 'SYNCWARDEN_ENCRYPTION_KEY', 'paste-the-generated-key-here' );</code></p>"
			. '<p>' . esc_html__( 'Generate the key with:', 'syncwarden' ) . ' <code>php -r "echo base64_encode( random_bytes( 32 ) ), PHP_EOL;"</code></p>'
			. '<p>' . esc_html__( 'Existing secrets stay readable: SyncWarden keeps the salts-derived key as a previous key until you re-encrypt.', 'syncwarden' ) . '</p>';
	}

	/**
	 * A Site Health result.
	 *
	 * @param string $name        Test name.
	 * @param string $status      good, recommended or critical.
	 * @param string $label       Headline.
	 * @param string $description Plain-text explanation.
	 * @param string $actions     HTML with what to do.
	 * @return array<string, mixed>
	 */
	private function result( string $name, string $status, string $label, string $description, string $actions = '' ): array {
		return array(
			'label'       => $label,
			'status'      => $status,
			'badge'       => array(
				'label' => __( 'Security', 'syncwarden' ),
				'color' => 'good' === $status ? 'blue' : ( 'critical' === $status ? 'red' : 'orange' ),
			),
			'description' => '<p>' . esc_html( $description ) . '</p>',
			'actions'     => $actions,
			'test'        => 'syncwarden_' . $name,
		);
	}
}
