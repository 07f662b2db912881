import apiFetch from '@wordpress/api-fetch';
import { act, fireEvent, render, screen } from '@testing-library/react';

import type { Connection } from '../api/connections';
import { connectionFixture } from '../test-fixtures';
import { SyncStatus } from './SyncStatus';

jest.mock( '@wordpress/api-fetch', () => jest.fn() );
const mockedApiFetch = apiFetch as unknown as jest.Mock;

const lastRun = {
	at: 1_700_000_000,
	result: 'ok' as const,
	duration_ms: 2400,
	error: '',
	created: 30,
	updated: 2,
	cancelled: 1,
	unchanged: 4,
	pages: 2,
};

function withSync( sync: Partial< Connection[ 'sync' ] > ): Connection {
	return {
		...connectionFixture,
		sync: { ...connectionFixture.sync, ...sync },
	};
}

describe( 'SyncStatus', () => {
	afterEach( () => mockedApiFetch.mockReset() );

	it( 'shows the last run with its counts, the next run and the interval', () => {
		render(
			<SyncStatus
				connection={ withSync( {
					last_run: lastRun,
					next_run: 1_700_000_900,
					interval: 60,
				} ) }
				onChange={ jest.fn() }
			/>
		);

		expect(
			screen.getByText(
				/30 new, 2 changed, 1 cancelled, 4 unchanged, in 2\.4 s/
			)
		).toBeInTheDocument();
		expect(
			screen.getByText( /^Next automatic sync: / )
		).toBeInTheDocument();
		expect(
			screen.getByLabelText( 'Sync automatically every' )
		).toHaveValue( '60' );
	} );

	it( 'says honestly that a run stopped at its page limit is not finished', () => {
		render(
			<SyncStatus
				connection={ withSync( {
					last_run: { ...lastRun, result: 'incomplete' },
				} ) }
				onChange={ jest.fn() }
			/>
		);

		expect(
			screen.getByText(
				/30 new, .* Not finished yet: .* the next run goes on where this one stopped\./
			)
		).toBeInTheDocument();
	} );

	it( 'explains a failed run and the failure streak', () => {
		render(
			<SyncStatus
				connection={ {
					...withSync( {
						last_run: {
							...lastRun,
							result: 'failed',
							error: 'The provider is not responding.',
						},
					} ),
					consecutive_failures: 3,
				} }
				onChange={ jest.fn() }
			/>
		);

		expect(
			screen.getByText(
				/Last sync failed .*: The provider is not responding\./
			)
		).toBeInTheDocument();
		expect(
			screen.getByText( /3 failed attempts in a row/ )
		).toBeInTheDocument();
	} );

	it( 'shows progress while Sync now runs, then the counts', async () => {
		let finish: ( value: unknown ) => void = () => undefined;
		mockedApiFetch.mockReturnValue(
			new Promise( ( resolve ) => ( finish = resolve ) )
		);
		const onChange = jest.fn();
		render(
			<SyncStatus
				connection={ connectionFixture }
				onChange={ onChange }
			/>
		);

		await act( async () =>
			fireEvent.click(
				screen.getByRole( 'button', { name: 'Sync now' } )
			)
		);
		expect( screen.getByRole( 'status' ) ).toHaveTextContent( 'Syncing…' );

		await act( async () =>
			finish( {
				created: 12,
				updated: 1,
				cancelled: 2,
				unchanged: 0,
				pages: 1,
				skipped: false,
				connection: connectionFixture,
			} )
		);

		expect( mockedApiFetch ).toHaveBeenCalledWith( {
			path: '/syncwarden/v1/connections/3/sync',
			method: 'POST',
			data: undefined,
		} );
		expect(
			screen.getByText(
				'Sync finished: 12 new, 1 changed, 2 cancelled.',
				{ selector: '.notice > p' }
			)
		).toBeInTheDocument();
		// The progress line is gone; the only status left is the result notice.
		expect( screen.getByRole( 'status' ) ).not.toHaveTextContent(
			'Syncing…'
		);
		expect( onChange ).toHaveBeenCalled();
	} );

	it( 'saves a new interval through the schedule route', async () => {
		mockedApiFetch.mockResolvedValue( withSync( { interval: 360 } ) );
		const onChange = jest.fn();
		render(
			<SyncStatus
				connection={ connectionFixture }
				onChange={ onChange }
			/>
		);

		await act( async () =>
			fireEvent.change(
				screen.getByLabelText( 'Sync automatically every' ),
				{ target: { value: '360' } }
			)
		);

		expect( mockedApiFetch ).toHaveBeenCalledWith( {
			path: '/syncwarden/v1/connections/3/schedule',
			method: 'PUT',
			data: { interval: 360 },
		} );
		expect( onChange ).toHaveBeenCalled();
	} );

	it( 'renders nothing for a connection that does not import', () => {
		const { container } = render(
			<SyncStatus
				connection={ withSync( { imports: false } ) }
				onChange={ jest.fn() }
			/>
		);

		expect( container ).toBeEmptyDOMElement();
	} );
} );
