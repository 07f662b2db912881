<?php

namespace SyncWarden\Tests\Integration\OAuth;

use SyncWarden\Providers\CalendlyProvider;
use SyncWarden\Providers\GoogleProvider;
use SyncWarden\Providers\MicrosoftProvider;
use SyncWarden\Providers\ZohoProvider;
use SyncWarden\Tests\OAuthTestCase;

/**
 * Granted scopes are read in the form each provider's token response really uses, so a working
 * feature is never called disabled and nobody is warned about access they did not grant.
 */
final class GrantedScopesTest extends OAuthTestCase {

	public function test_microsofts_real_scope_form_shows_nothing_missing_and_nothing_extra(): void {
		$connection = $this->connect( 'microsoft', array( 'import' ) );

		$this->assertContains( 'https://graph.microsoft.com/Calendars.Read', $connection['granted_scopes'], 'the peer answers as Microsoft does' );
		$this->assertNotContains( 'offline_access', $connection['granted_scopes'] );
		$this->assertSame( array(), $connection['missing_scopes'] );
		$this->assertSame( array(), $connection['extra_scopes'] );
		$this->assertSame( array( 'requested' => true, 'granted' => true ), $connection['features']['import'] );
	}

	public function test_a_scope_microsoft_did_not_grant_is_still_missing_in_its_requested_form(): void {
		$this->configure( 'microsoft' );
		$url = $this->authorize_url( 'microsoft', array( 'import', 'export' ) ) . '&peer_drop_scope=Calendars.ReadWrite';

		$this->assertSame( 'connected', $this->return_from_provider( 'microsoft', \SyncWarden\Tests\Peer::consent( $url ) ) );

		$connection = $this->connections()[0];
		$this->assertSame( array( 'Calendars.ReadWrite' ), $connection['missing_scopes'] );
		$this->assertFalse( $connection['features']['export']['granted'] );
		$this->assertTrue( $connection['features']['import']['granted'] );
	}

	public function test_hubspots_scopes_array_is_read_so_a_scope_left_out_shows_as_missing(): void {
		$this->configure( 'hubspot' );
		$url = $this->authorize_url( 'hubspot', array( 'export' ) ) . '&peer_drop_scope=crm.objects.contacts.read';

		$this->assertSame( 'connected', $this->return_from_provider( 'hubspot', \SyncWarden\Tests\Peer::consent( $url ) ) );

		$connection = $this->connections()[0];
		$this->assertNotContains( 'crm.objects.contacts.read', $connection['granted_scopes'], 'the grant HubSpot answered with, not what was asked for' );
		$this->assertSame( array( 'crm.objects.contacts.read' ), $connection['missing_scopes'] );
		$this->assertFalse( $connection['features']['export']['granted'] );
	}

	public function test_microsoft_scopes_compare_without_regard_to_case_or_resource_prefix(): void {
		$result = ( new MicrosoftProvider() )->compare_scopes(
			array( 'offline_access', 'User.Read', 'Calendars.ReadWrite' ),
			array( 'openid', 'profile', 'email', 'https://graph.microsoft.com/user.read', 'CALENDARS.READWRITE', 'Mail.Read' )
		);

		$this->assertSame( array( 'missing' => array(), 'extra' => array( 'Mail.Read' ) ), $result, 'extra access someone really granted is still shown' );
	}

	public function test_google_email_and_profile_in_url_form_match_their_short_names(): void {
		$result = ( new GoogleProvider() )->compare_scopes(
			array( 'email', 'https://www.googleapis.com/auth/calendar.events.readonly' ),
			array( 'openid', 'https://www.googleapis.com/auth/userinfo.email', 'https://www.googleapis.com/auth/calendar.events.readonly' )
		);

		$this->assertSame( array( 'missing' => array(), 'extra' => array() ), $result );
	}

	public function test_calendly_and_zoho_scopes_compare_as_documented(): void {
		$this->assertSame( array( 'scheduled_events:read' ), ( new CalendlyProvider() )->compare_scopes( array( 'users:read', 'scheduled_events:read' ), array( 'users:read' ) )['missing'] );
		$this->assertSame( array(), ( new ZohoProvider() )->compare_scopes( array( 'ZohoCRM.modules.contacts.CREATE' ), array( 'zohocrm.modules.contacts.create' ) )['missing'] );
	}
}
