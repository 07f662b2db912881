import apiFetch from '@wordpress/api-fetch';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { getSettings, setSettings } from '@wordpress/date';

import { BookingsScreen } from './BookingsScreen';
import {
	connectionFixture,
	pageResponse,
	sourceFixture,
	providerFixture,
} from '../test-fixtures';

jest.mock( '@wordpress/api-fetch', () => jest.fn() );
const mockedApiFetch = apiFetch as unknown as jest.Mock;

const booking = {
	id: 1,
	title: '<img src=x onerror=alert(1)>',
	starts_at: Date.UTC( 2026, 11, 1, 8, 30 ) / 1000,
	ends_at: Date.UTC( 2026, 11, 1, 9, 15 ) / 1000,
	timezone: 'Europe/Berlin',
	all_day: false,
	start_date: null,
	end_date: null,
	status: 'confirmed',
	customer_name: 'Ada Lovelace',
	customer_email: 'ada@example.test',
	customer_phone: '',
	notes: '',
	source: 'amelia',
};

const original = getSettings();

/** The site's Settings → General as core's wp-date script hands them to @wordpress/date. */
function useSite( date: string, time: string, zone: string ) {
	setSettings( {
		...original,
		formats: { ...original.formats, date, time },
		timezone: { ...original.timezone, string: zone },
	} );
}

describe( 'BookingsScreen', () => {
	beforeEach( () => useSite( 'F j, Y', 'g:i a', 'America/New_York' ) );
	afterEach( () => {
		mockedApiFetch.mockReset();
		setSettings( original );
	} );

	it( 'shows times in the site’s date and time format and zone, the booking’s own zone beside them, and titles as text', async () => {
		mockedApiFetch.mockResolvedValue( pageResponse( [ booking ], 1 ) );
		let container: HTMLElement = document.body;
		await act( async () => {
			container = render( <BookingsScreen /> ).container;
		} );

		expect(
			screen.getByText( 'December 1, 2026 at 3:30 am – 4:15 am' )
		).toBeInTheDocument();
		expect(
			screen.getByText( '9:30 am – 10:15 am in Europe/Berlin' )
		).toBeInTheDocument();
		expect(
			screen.getByRole( 'cell', { name: '<img src=x onerror=alert(1)>' } )
		).toBeInTheDocument();
		expect( container.querySelector( 'img' ) ).toBeNull();
	} );

	it( 'shows an all-day booking as "All day" and its dates, not as times', async () => {
		mockedApiFetch.mockResolvedValue(
			pageResponse(
				[
					{
						...booking,
						title: 'Studio closed',
						timezone: 'America/Los_Angeles',
						all_day: true,
						starts_at: Date.UTC( 2027, 11, 24, 8 ) / 1000,
						ends_at: Date.UTC( 2027, 11, 26, 8 ) / 1000,
						start_date: '2027-12-24',
						end_date: '2027-12-26',
					},
				],
				1
			)
		);
		await act( async () => {
			render( <BookingsScreen /> );
		} );

		expect(
			screen.getByText( 'All day, December 24, 2027 – December 25, 2027' )
		).toBeInTheDocument();
	} );

	it( 'asks the server for the filtered page', async () => {
		mockedApiFetch.mockResolvedValue( pageResponse( [], 0 ) );
		await act( async () => {
			render( <BookingsScreen /> );
		} );
		expect(
			screen.getByRole( 'heading', { name: 'No bookings yet' } )
		).toBeInTheDocument();

		fireEvent.change( screen.getByLabelText( 'Search title or customer' ), {
			target: { value: 'ada' },
		} );
		fireEvent.change( screen.getByLabelText( 'Status' ), {
			target: { value: 'cancelled' },
		} );
		await act( async () =>
			fireEvent.click( screen.getByRole( 'button', { name: 'Filter' } ) )
		);

		expect( mockedApiFetch ).toHaveBeenLastCalledWith( {
			path: '/syncwarden/v1/bookings?search=ada&status=cancelled&page=1&per_page=25',
			parse: false,
		} );
		expect(
			screen.getByRole( 'heading', {
				name: 'No bookings match these filters',
			} )
		).toBeInTheDocument();
	} );

	it( 'says where a booking came from and filters by exactly the sources it offers', async () => {
		mockedApiFetch.mockImplementation( ( options: { path: string } ) => {
			if ( options.path === '/syncwarden/v1/providers' ) {
				return Promise.resolve( [ providerFixture ] );
			}
			if ( options.path === '/syncwarden/v1/connections' ) {
				return Promise.resolve( [ connectionFixture ] );
			}
			return Promise.resolve(
				pageResponse(
					[
						{ ...booking, source: 'google-3' },
						{ ...booking, id: 2, source: 'manual' },
					],
					2
				)
			);
		} );
		await act( async () => {
			render( <BookingsScreen /> );
		} );

		expect(
			screen.getByRole( 'cell', {
				name: 'Imported from Google Calendar (owner@example.test)',
			} )
		).toBeInTheDocument();
		expect(
			screen.getByRole( 'cell', { name: 'Added on this site' } )
		).toBeInTheDocument();

		fireEvent.change( screen.getByLabelText( 'Source' ), {
			target: { value: 'google-3' },
		} );
		await act( async () =>
			fireEvent.click( screen.getByRole( 'button', { name: 'Filter' } ) )
		);
		expect( mockedApiFetch ).toHaveBeenLastCalledWith( {
			path: '/syncwarden/v1/bookings?source=google-3&page=1&per_page=25',
			parse: false,
		} );
	} );

	it( 'names a booking from a booking plugin by the plugin and offers that plugin in the Source filter', async () => {
		mockedApiFetch.mockImplementation( ( options: { path: string } ) => {
			if ( options.path === '/syncwarden/v1/providers' ) {
				return Promise.resolve( [ providerFixture ] );
			}
			if ( options.path === '/syncwarden/v1/connections' ) {
				return Promise.resolve( [ connectionFixture ] );
			}
			if ( options.path === '/syncwarden/v1/sources' ) {
				return Promise.resolve( [ sourceFixture ] );
			}
			return Promise.resolve(
				pageResponse( [ { ...booking, source: 'latepoint' } ], 1 )
			);
		} );
		await act( async () => {
			render( <BookingsScreen /> );
		} );

		expect(
			screen.getByRole( 'cell', { name: 'From LatePoint' } )
		).toBeInTheDocument();
		expect(
			screen.getByRole( 'option', { name: 'From LatePoint' } )
		).toHaveValue( 'latepoint' );
	} );
} );
