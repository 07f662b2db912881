import apiFetch from '@wordpress/api-fetch';
import { act, fireEvent, render, screen, within } from '@testing-library/react';

import { notInstalledSourceFixture, sourceFixture } from '../test-fixtures';
import { SourcesScreen } from './SourcesScreen';

jest.mock( '@wordpress/api-fetch', () => jest.fn() );
const mockedApiFetch = apiFetch as unknown as jest.Mock;

const amelia = notInstalledSourceFixture;

function card( id: string ) {
	return within( document.getElementById( `syncwarden-source-${ id }` )! );
}

describe( 'SourcesScreen', () => {
	afterEach( () => mockedApiFetch.mockReset() );

	it( 'lists every booking plugin the server knows, active or not', async () => {
		mockedApiFetch.mockResolvedValue( [ sourceFixture, amelia ] );
		await act( async () => {
			render( <SourcesScreen /> );
		} );

		expect( mockedApiFetch ).toHaveBeenCalledWith( {
			path: '/syncwarden/v1/sources',
			method: 'GET',
			data: undefined,
		} );
		expect(
			screen
				.getAllByRole( 'heading', { level: 3 } )
				.map( ( h ) => h.textContent )
		).toEqual( [ 'LatePoint', 'Amelia' ] );
		expect( card( 'latepoint' ).getByText( 'Active' ) ).toBeInTheDocument();
		expect(
			card( 'amelia' ).getByText( 'Not active' )
		).toBeInTheDocument();
	} );

	it( 'words the statuses from what the server stored once pending bookings are sent as tentative', async () => {
		mockedApiFetch.mockResolvedValueOnce( [ sourceFixture, amelia ] );
		await act( async () => {
			render( <SourcesScreen /> );
		} );
		mockedApiFetch.mockResolvedValueOnce( {
			...sourceFixture,
			tentative: true,
			exported: [ 'pending', 'approved', 'completed', 'no_show' ],
		} );

		await act( async () =>
			fireEvent.click(
				card( 'latepoint' ).getByRole( 'checkbox', {
					name: 'Send pending bookings as tentative',
				} )
			)
		);

		expect(
			card( 'latepoint' ).getByText(
				/^Approved, completed and no-show bookings are sent; pending ones are sent as tentative\./
			)
		).toBeInTheDocument();
		expect(
			card( 'amelia' ).getByText( /pending ones are not\./ )
		).toBeInTheDocument();
	} );

	it( 'reloads the list after existing bookings were sent, so the last booking seen is current', async () => {
		const later = Date.UTC( 2026, 11, 4, 9, 0, 0 ) / 1000;
		mockedApiFetch
			.mockResolvedValueOnce( [
				{ ...sourceFixture, last_seen: null },
				amelia,
			] )
			.mockResolvedValueOnce( {
				handled: 3,
				sent: 3,
				next: 9,
				done: true,
			} )
			.mockResolvedValueOnce( [
				{
					...sourceFixture,
					last_seen: {
						booking_id: 44,
						source_ref: '9',
						source_status: 'approved',
						seen_at: later,
					},
				},
				amelia,
			] );
		await act( async () => {
			render( <SourcesScreen /> );
		} );

		await act( async () =>
			fireEvent.click(
				card( 'latepoint' ).getByRole( 'button', {
					name: 'Send existing bookings from the last 30 days',
				} )
			)
		);

		expect( mockedApiFetch ).toHaveBeenLastCalledWith( {
			path: '/syncwarden/v1/sources',
			method: 'GET',
			data: undefined,
		} );
		expect(
			card( 'latepoint' ).getByText(
				/^Last booking seen: booking #9 in LatePoint \(approved\)/
			)
		).toBeInTheDocument();
		expect(
			card( 'latepoint' ).getByText(
				'Done: sent 3 of 3 bookings from LatePoint.'
			)
		).toBeInTheDocument();
	} );
} );
