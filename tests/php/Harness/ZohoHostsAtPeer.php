<?php

namespace SyncWarden\Tests\Harness;

/**
 * For a test class whose every test talks to Zoho's data centres: their real host names reach
 * the peer for each test (ZohoDataCentreHosts), never the network, and are let go afterwards.
 */
trait ZohoHostsAtPeer {

	protected function setUp(): void {
		parent::setUp();
		ZohoDataCentreHosts::route_to_peer();
	}

	protected function tearDown(): void {
		ZohoDataCentreHosts::unroute();
		parent::tearDown();
	}
}
