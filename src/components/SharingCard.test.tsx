import apiFetch from '@wordpress/api-fetch';
import { act, fireEvent, render, screen } from '@testing-library/react';

import type { Sharing } from '../api/sharing';
import { SharingCard } from './SharingCard';

jest.mock( '@wordpress/api-fetch', () => jest.fn() );
const mockedApiFetch = apiFetch as unknown as jest.Mock;

const minimal: Sharing = {
	connection_id: 5,
	provider: 'hubspot',
	label: 'HubSpot',
	required: [ 'customer_email' ],
	optional: [ 'customer_name', 'customer_phone' ],
	allowed: [],
	preview: { properties: { email: 'ada@example.test' } },
};

describe( 'SharingCard', () => {
	afterEach( () => mockedApiFetch.mockReset() );

	it( 'shows required fields as always sent and the exact preview', () => {
		render( <SharingCard initial={ minimal } /> );

		expect( screen.getByLabelText( 'Customer e-mail' ) ).toBeDisabled();
		expect( screen.getByLabelText( 'Customer phone' ) ).not.toBeChecked();
		expect(
			document.querySelector( '.syncwarden-preview' )?.textContent
		).toBe( JSON.stringify( minimal.preview, null, 2 ) );
	} );

	it( 'asks the server for the new payload on every toggle and saves only on Save', async () => {
		const withPhone = {
			...minimal,
			allowed: [ 'customer_phone' ],
			preview: {
				properties: {
					email: 'ada@example.test',
					phone: '+44 20 7946 0000',
				},
			},
		};
		mockedApiFetch.mockResolvedValue( withPhone );
		render( <SharingCard initial={ minimal } /> );

		await act( async () =>
			fireEvent.click( screen.getByLabelText( 'Customer phone' ) )
		);

		expect( mockedApiFetch ).toHaveBeenCalledWith( {
			path: '/syncwarden/v1/connections/5/sharing/preview',
			method: 'POST',
			data: { allowed: [ 'customer_phone' ] },
		} );
		expect(
			document.querySelector( '.syncwarden-preview' )?.textContent
		).toContain( '+44 20 7946 0000' );

		await act( async () =>
			fireEvent.click( screen.getByRole( 'button', { name: 'Save' } ) )
		);

		expect( mockedApiFetch ).toHaveBeenLastCalledWith( {
			path: '/syncwarden/v1/connections/5/sharing',
			method: 'PUT',
			data: { allowed: [ 'customer_phone' ] },
		} );
		expect(
			screen.getByText( 'Saved. New exports use these fields.', {
				selector: '.notice > p',
			} )
		).toBeInTheDocument();
	} );
} );
