import apiFetch from '@wordpress/api-fetch';
import { act, fireEvent, render, screen } from '@testing-library/react';

import {
	providerFixture,
	routeResponses,
	sourceFixture,
	statusFixture,
	vaultFixture,
} from '../test-fixtures';
import { App, tabFromLocation } from './App';

jest.mock( '@wordpress/api-fetch', () => jest.fn() );
const mockedApiFetch = apiFetch as unknown as jest.Mock;

const healthyRoutes = {
	'/syncwarden/v1/status': statusFixture,
	'/syncwarden/v1/providers': [ providerFixture ],
	'/syncwarden/v1/vault': vaultFixture,
	'/syncwarden/v1/connections': [],
	'/syncwarden/v1/sources': [ sourceFixture ],
	'/syncwarden/v1/outbox': { backlog: [], parked: [] },
	'/syncwarden/v1/settings': {
		failure_threshold: 3,
		failure_emails: true,
		audit_retention_days: 90,
	},
	'/syncwarden/v1/secret-ages': {
		ages: { client_secret: 365, signing_key: 180, push_secret: 180 },
		secrets: [],
	},
};

describe( 'App', () => {
	afterEach( () => {
		mockedApiFetch.mockReset();
		window.history.replaceState( null, '', '/' );
	} );

	it( 'offers the six tabs and opens on an honest empty Connections tab', async () => {
		mockedApiFetch.mockImplementation( routeResponses( healthyRoutes ) );
		await act( async () => {
			render( <App /> );
		} );

		expect(
			screen.getAllByRole( 'tab' ).map( ( tab ) => tab.textContent )
		).toEqual( [
			'Connections',
			'Booking plugins',
			'Bookings',
			'Data sharing',
			'Activity',
			'Settings',
		] );
		expect(
			await screen.findByRole( 'heading', { name: 'No connections yet' } )
		).toBeInTheDocument();
		expect( screen.getByText( 'Needs credentials' ) ).toBeInTheDocument();
	} );

	it( 'shows credentials, encryption and the environment report on the Settings tab and remembers the tab', async () => {
		mockedApiFetch.mockImplementation( routeResponses( healthyRoutes ) );
		render( <App /> );

		await act( async () =>
			fireEvent.click( screen.getByRole( 'tab', { name: 'Settings' } ) )
		);

		expect( await screen.findByText( '8.2.36' ) ).toBeInTheDocument();
		expect(
			screen.getByRole( 'heading', { name: 'Google Calendar' } )
		).toBeInTheDocument();
		expect(
			screen.getByText( /Derived from the WordPress secret keys/ )
		).toBeInTheDocument();
		expect( window.location.search ).toBe( '?tab=settings' );
	} );

	it( 'opens the Booking plugins tab from its link and shows each plugin’s card', async () => {
		mockedApiFetch.mockImplementation( routeResponses( healthyRoutes ) );
		window.history.replaceState( null, '', '/?tab=booking-plugins' );
		render( <App /> );

		expect(
			await screen.findByRole( 'heading', { name: 'LatePoint' } )
		).toBeInTheDocument();
		expect(
			screen.getByRole( 'tab', { name: 'Booking plugins' } )
		).toHaveAttribute( 'aria-selected', 'true' );
	} );

	it( 'shows a readable error for a malformed response and recovers on retry', async () => {
		let statusCalls = 0;
		mockedApiFetch.mockImplementation( ( options: { path: string } ) => {
			if (
				options.path === '/syncwarden/v1/status' &&
				statusCalls++ === 0
			) {
				return Promise.resolve( { unexpected: true } );
			}
			return routeResponses( healthyRoutes )( options );
		} );
		window.history.replaceState( null, '', '/?tab=settings' );
		render( <App /> );

		expect(
			await screen.findByText(
				/unexpected answer for \/syncwarden\/v1\/status/,
				{ selector: 'p' }
			)
		).toBeInTheDocument();
		await act( async () =>
			fireEvent.click(
				screen.getByRole( 'button', { name: 'Try again' } )
			)
		);

		expect( await screen.findByText( '8.2.36' ) ).toBeInTheDocument();
	} );
} );

describe( 'tabFromLocation()', () => {
	it( 'accepts known tabs and falls back to Connections for anything else', () => {
		expect( tabFromLocation( '?page=syncwarden&tab=activity' ) ).toBe(
			'activity'
		);
		expect( tabFromLocation( '?tab=<img>' ) ).toBe( 'connections' );
		expect( tabFromLocation( '' ) ).toBe( 'connections' );
	} );
} );
