import apiFetch from '@wordpress/api-fetch';
import { act, fireEvent, render, screen } from '@testing-library/react';

import { ActivityScreen } from './ActivityScreen';
import {
	connectionFixture,
	pageResponse,
	providerFixture,
} from '../test-fixtures';

jest.mock( '@wordpress/api-fetch', () => jest.fn() );
const mockedApiFetch = apiFetch as unknown as jest.Mock;

const entry = {
	id: 1,
	time: 1795430000,
	user_id: 1,
	user: 'admin',
	event: 'connection.connected',
	result: 'ok',
	connection_id: 3,
	booking_id: null,
	provider: 'google',
	fields: [],
	context: {},
};

/** The audit page for list requests; the services and connections the screen names things with. */
function answer( page: ReturnType< typeof pageResponse > ) {
	return ( options: { path: string } ) => {
		if ( options.path === '/syncwarden/v1/providers' ) {
			return Promise.resolve( [ providerFixture ] );
		}
		if ( options.path === '/syncwarden/v1/connections' ) {
			return Promise.resolve( [ connectionFixture ] );
		}
		return Promise.resolve( page );
	};
}

describe( 'ActivityScreen', () => {
	afterEach( () => mockedApiFetch.mockReset() );

	it( 'is honest when nothing has happened yet', async () => {
		mockedApiFetch.mockImplementation( answer( pageResponse( [], 0 ) ) );
		await act( async () => {
			render( <ActivityScreen /> );
		} );

		expect(
			screen.getByRole( 'heading', { name: 'No activity yet' } )
		).toBeInTheDocument();
	} );

	it( 'shows entries in plain words with paging from the server total', async () => {
		mockedApiFetch.mockImplementation(
			answer(
				pageResponse(
					[
						entry,
						{
							...entry,
							id: 2,
							event: 'connection.refresh_failed',
							result: 'failed',
							context: { kind: 'transient' },
						},
					],
					30
				)
			)
		);
		await act( async () => {
			render( <ActivityScreen /> );
		} );

		expect(
			screen.getByRole( 'cell', { name: 'Connected' } )
		).toBeInTheDocument();
		expect(
			screen.getByRole( 'cell', { name: 'Token refresh failed' } )
		).toBeInTheDocument();
		expect(
			screen.getByRole( 'cell', { name: 'Kind: transient' } )
		).toBeInTheDocument();
		expect(
			screen.getByText( 'Page 1 of 2 (30 entries)' )
		).toBeInTheDocument();
		expect( mockedApiFetch ).toHaveBeenCalledWith( {
			path: '/syncwarden/v1/audit?page=1&per_page=25',
			parse: false,
		} );
	} );

	it( 'sends the chosen filters to the server and starts again at page 1', async () => {
		mockedApiFetch.mockImplementation(
			answer( pageResponse( [ entry ], 60 ) )
		);
		await act( async () => {
			render( <ActivityScreen /> );
		} );
		await act( async () =>
			fireEvent.click( screen.getByRole( 'button', { name: 'Next' } ) )
		);

		fireEvent.change( screen.getByLabelText( 'Result' ), {
			target: { value: 'failed' },
		} );
		fireEvent.change( screen.getByLabelText( 'Search' ), {
			target: { value: ' google ' },
		} );
		await act( async () =>
			fireEvent.click( screen.getByRole( 'button', { name: 'Filter' } ) )
		);

		expect( mockedApiFetch ).toHaveBeenLastCalledWith( {
			path: '/syncwarden/v1/audit?result=failed&search=google&page=1&per_page=25',
			parse: false,
		} );
	} );

	it( 'names the service and account, not the provider id, and words the details without empty values', async () => {
		mockedApiFetch.mockImplementation(
			answer(
				pageResponse(
					[
						{
							...entry,
							event: 'connection.failed',
							result: 'failed',
							connection_id: null,
							context: {
								features: [ 'import' ],
								reason: 'state_invalid',
								detail: '',
							},
						},
						{ ...entry, id: 2 },
					],
					2
				)
			)
		);
		await act( async () => {
			render( <ActivityScreen /> );
		} );

		// Connection 3 is owner@example.test's; the failed attempt never became a connection.
		expect(
			screen.getByRole( 'cell', {
				name: 'Google Calendar (owner@example.test)',
			} )
		).toBeInTheDocument();
		expect(
			screen.getByRole( 'cell', { name: 'Google Calendar' } )
		).toBeInTheDocument();
		expect( screen.queryByRole( 'cell', { name: 'google' } ) ).toBeNull();
		const details = screen.getByText( /^Allowed to:/ );
		expect( details ).toHaveTextContent(
			'Allowed to: Import events as bookings · Why: This connection link was already used or is unknown.'
		);
		expect( details.textContent ).not.toMatch(
			/detail|state_invalid|import"/i
		);
	} );

	it( 'says in words what a disconnect did with the imported bookings', async () => {
		mockedApiFetch.mockImplementation(
			answer(
				pageResponse(
					[
						{
							...entry,
							event: 'connection.disconnected',
							context: {
								remote: 'revoked',
								imported: 'removed',
								imported_bookings: 26,
							},
						},
					],
					1
				)
			)
		);
		await act( async () => {
			render( <ActivityScreen /> );
		} );

		expect( screen.getByText( /^Remote:/ ) ).toHaveTextContent(
			'Remote: revoked · Bookings imported from the account: removed from this site · How many bookings: 26'
		);
	} );

	it( 'writes When in the site’s date and time format on one line', async () => {
		mockedApiFetch.mockImplementation(
			answer( pageResponse( [ entry ], 1 ) )
		);
		await act( async () => {
			render( <ActivityScreen /> );
		} );
		const when = screen.getAllByRole( 'cell' )[ 0 ];
		expect( when ).toHaveClass( 'syncwarden-when' );
		expect( when?.textContent ).toMatch( / at / );
	} );
} );
