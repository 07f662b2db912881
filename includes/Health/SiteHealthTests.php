<?php
/**
 * Tools → Site Health checks for SyncWarden.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Health;

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
	}

	/**
	 * Adds the direct tests.
	 *
	 * @param array $tests Site Health tests.
	 * @return array
	 */
	public function add_tests( array $tests ): array {
		foreach ( array( 'sodium', 'encryption_key', 'stored_secrets', 'connections', 'outbox', 'push' ) as $name ) {
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
				sprintf( __( '%d stored secrets were encrypted with a key this site no longer has. Re-enter the affected client secrets and reconnect the affected connections, or add the old key as SYNCWARDEN_ENCRYPTION_KEY_PREVIOUS.', 'syncwarden' ), $state['unreadable'] )
			);
		}
		if ( $state['stale'] > 0 ) {
			return $this->result(
				'stored_secrets',
				'recommended',
				__( 'Some SyncWarden secrets still use a previous key', 'syncwarden' ),
				/* translators: %d: number of secrets */
				sprintf( __( '%d stored secrets are encrypted with a previous key. Use “Re-encrypt all secrets” under Settings → SyncWarden → Settings, then remove the old key from wp-config.php.', 'syncwarden' ), $state['stale'] )
			);
		}
		return $this->result( 'stored_secrets', 'good', __( 'All SyncWarden secrets are readable with the current key', 'syncwarden' ), __( 'The encryption key fingerprint matches the one the secrets were written with.', 'syncwarden' ) );
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
				sprintf( __( '%d booking changes failed repeatedly and wait for you. Open Settings → SyncWarden → Connections to see why and retry them.', 'syncwarden' ), $parked )
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
