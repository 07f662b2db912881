import apiFetch from '@wordpress/api-fetch';
import { act, fireEvent, render, screen } from '@testing-library/react';

import { ActivityScreen } from './ActivityScreen';
import { pageResponse } from '../test-fixtures';

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

/** What api-fetch resolves with when called with parse: false. */

describe( 'ActivityScreen', () => {
	afterEach( () => mockedApiFetch.mockReset() );

	it( 'is honest when nothing has happened yet', async () => {
		mockedApiFetch.mockResolvedValue( pageResponse( [], 0 ) );
		await act( async () => {
			render( <ActivityScreen /> );
		} );

		expect(
			screen.getByRole( 'heading', { name: 'No activity yet' } )
		).toBeInTheDocument();
	} );

	it( 'shows entries in plain words with paging from the server total', async () => {
		mockedApiFetch.mockResolvedValue(
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
			screen.getByRole( 'cell', { name: 'kind: transient' } )
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
		mockedApiFetch.mockResolvedValue( pageResponse( [ entry ], 60 ) );
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
} );
