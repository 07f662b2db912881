import apiFetch from '@wordpress/api-fetch';
import { act, fireEvent, render, screen } from '@testing-library/react';

import type { SecretAges } from '../api/rotation';
import { routeResponses } from '../test-fixtures';
import { describeAge, SecretAgesCard } from './SecretAgesCard';

jest.mock( '@wordpress/api-fetch', () => jest.fn() );
const mockedApiFetch = apiFetch as unknown as jest.Mock;

const NOW = 1_800_000_000;
const DAY = 86400;

// The shape RotationController answers with (tests/php/Integration/Health/RotationRemindersTest).
const ages: SecretAges = {
	ages: { client_secret: 365, signing_key: 180, push_secret: 180 },
	secrets: [
		{
			id: 'push_secret:3',
			kind: 'push_secret',
			provider: 'google',
			connection_id: 3,
			label: 'Push secret of Google Calendar (ada@example.com)',
			source: 'database',
			set_at: NOW - 200 * DAY,
			max_age_days: 180,
			due_at: NOW - 20 * DAY,
			overdue: true,
		},
		{
			id: 'client_secret:google',
			kind: 'client_secret',
			provider: 'google',
			connection_id: null,
			label: 'Google Calendar client secret',
			source: 'database',
			set_at: NOW - DAY,
			max_age_days: 365,
			due_at: NOW + 364 * DAY,
			overdue: false,
		},
		{
			id: 'client_secret:calendly',
			kind: 'client_secret',
			provider: 'calendly',
			connection_id: null,
			label: 'Calendly client secret',
			source: 'constant',
			set_at: null,
			max_age_days: 365,
			due_at: null,
			overdue: false,
		},
	],
};

describe( 'SecretAgesCard', () => {
	afterEach( () => mockedApiFetch.mockReset() );

	it( 'says each secret’s age and when it is due, in words and plurals', () => {
		render(
			<SecretAgesCard ages={ ages } onRotated={ jest.fn() } now={ NOW } />
		);

		expect(
			screen.getByText(
				'Set 200 days ago. Due for rotation: older than 180 days.'
			)
		).toBeInTheDocument();
		expect(
			screen.getByText( 'Set 1 day ago. Due in 364 days.' )
		).toBeInTheDocument();
		expect(
			screen.getByText(
				/Defined in wp-config.php: SyncWarden cannot tell its age/
			)
		).toBeInTheDocument();
		expect(
			screen.getByText( /Client secrets are due after 365 days/ )
		).toBeInTheDocument();
	} );

	it( 'offers one-click rotation only where SyncWarden can rotate (push secrets), and reloads after it', async () => {
		const onRotated = jest.fn();
		mockedApiFetch.mockImplementation(
			routeResponses( {
				'POST /syncwarden/v1/connections/3/push/resubscribe': {
					connection_id: 3,
					supported: true,
					state: 'active',
					reachable: true,
					reachability: 'ok',
					reachability_message: '',
					endpoint_url:
						'https://shop.example.com/wp-json/syncwarden/v1/webhooks/google/3',
					subscribed_at: NOW,
					renewed_at: null,
					expires_at: NOW + 7 * DAY,
					last_error: '',
					renew_failures: 0,
					last_delivery_at: null,
					last_failure_at: null,
					last_failure: '',
					refused_today: 0,
					verification_blocked: false,
				},
			} )
		);
		render(
			<SecretAgesCard ages={ ages } onRotated={ onRotated } now={ NOW } />
		);

		const buttons = screen.getAllByRole( 'button', { name: 'Rotate now' } );
		expect( buttons ).toHaveLength( 1 );
		await act( async () => {
			fireEvent.click( buttons[ 0 ]! );
		} );

		expect( mockedApiFetch ).toHaveBeenCalledWith(
			expect.objectContaining( {
				path: '/syncwarden/v1/connections/3/push/resubscribe',
				method: 'POST',
			} )
		);
		expect( onRotated ).toHaveBeenCalledTimes( 1 );
	} );

	it( 'a failed rotation shows the error and does not reload', async () => {
		const onRotated = jest.fn();
		mockedApiFetch.mockImplementation( routeResponses( {} ) );
		render(
			<SecretAgesCard ages={ ages } onRotated={ onRotated } now={ NOW } />
		);

		await act( async () => {
			fireEvent.click(
				screen.getByRole( 'button', { name: 'Rotate now' } )
			);
		} );

		expect( onRotated ).not.toHaveBeenCalled();
		expect(
			screen.getByText( /No route/, { selector: 'p' } )
		).toBeInTheDocument();
	} );

	it( 'counts a secret set moments ago as 0 days old', () => {
		expect(
			describeAge( { ...ages.secrets[ 1 ]!, set_at: NOW - 60 }, NOW )
		).toMatch( /^Set 0 days ago\./ );
	} );
} );
