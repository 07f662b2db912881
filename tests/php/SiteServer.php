<?php

namespace SyncWarden\Tests;

/**
 * The test site served over real HTTP (`php -S` with the dev router), so the provider peer can
 * deliver webhooks and Graph can validate an endpoint the way they do in production. It serves
 * the same SQLite database as the PHPUnit process: tests that use it commit their data first
 * (a served request cannot see, or write past, an open transaction) and clean up after.
 */
final class SiteServer {

	/**
	 * The running server.
	 *
	 * @var resource|null
	 */
	private $process = null;

	private int $port = 0;

	/**
	 * Starts the server on a free loopback port and waits until it answers.
	 */
	public function start(): void {
		$this->port = self::free_port();
		$root       = dirname( __DIR__, 2 );
		$core       = (string) getenv( 'SYNCWARDEN_WP_CORE' );
		$env        = array_merge(
			getenv(),
			array(
				'PHP_CLI_SERVER_WORKERS'     => '4',
				'SYNCWARDEN_DISABLE_WP_CRON' => '1',
			)
		);
		$this->process = proc_open(
			array( PHP_BINARY, '-S', '127.0.0.1:' . $this->port, '-t', $core, $root . '/tools/wp/router.php' ),
			array(
				0 => array( 'file', '/dev/null', 'r' ),
				1 => array( 'file', '/dev/null', 'w' ),
				2 => array( 'file', '/dev/null', 'w' ),
			),
			$pipes,
			$core,
			$env
		);
		for ( $try = 0; $try < 100; $try++ ) {
			$socket = @fsockopen( '127.0.0.1', $this->port, $errno, $errstr, 0.2 ); // phpcs:ignore WordPress.PHP.NoSilencedErrors -- polling until it listens.
			if ( $socket ) {
				fclose( $socket );
				return;
			}
			usleep( 50000 );
		}
		$this->stop();
		throw new \RuntimeException( 'php -S did not start for the webhook tests.' );
	}

	/**
	 * Stops the server and its workers.
	 */
	public function stop(): void {
		if ( is_resource( $this->process ) ) {
			$status = proc_get_status( $this->process );
			// Workers are children of the server process: end them first, then the server.
			exec( 'pkill -TERM -P ' . (int) $status['pid'] );
			proc_terminate( $this->process );
			proc_close( $this->process );
		}
		$this->process = null;
	}

	/**
	 * The site's address, e.g. http://127.0.0.1:41234.
	 */
	public function url(): string {
		return 'http://127.0.0.1:' . $this->port;
	}

	/**
	 * The REST base the webhook endpoints hang below.
	 */
	public function rest_base(): string {
		return $this->url() . '/wp-json/';
	}

	/**
	 * A free port picked by the kernel.
	 */
	private static function free_port(): int {
		$server = stream_socket_server( 'tcp://127.0.0.1:0' );
		$name   = (string) stream_socket_get_name( $server, false );
		fclose( $server );
		return (int) substr( $name, strrpos( $name, ':' ) + 1 );
	}
}
