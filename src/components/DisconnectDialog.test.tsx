import apiFetch from '@wordpress/api-fetch';
import { act, fireEvent, render, screen } from '@testing-library/react';

import { connectionFixture, providerFixture } from '../test-fixtures';
import { ConnectionCard } from './ConnectionCard';
import { disconnectedMessage } from './DisconnectDialog';

jest.mock( '@wordpress/api-fetch', () => jest.fn() );
// The webhook panel loads its own status; it has its own tests (PushStatus.test.tsx).
jest.mock( './PushStatus', () => ( { PushStatus: () => null } ) );
const mockedApiFetch = apiFetch as unknown as jest.Mock;

const provider = {
	...providerFixture,
	source: 'database' as const,
	client_id: 'id',
	has_client_secret: true,
	client_secret_state: 'set' as const,
};

const KEEP =
	'Keep the 26 bookings imported from this account in the Bookings list (SyncWarden no longer updates them)';
const REMOVE =
	'Remove the 26 bookings imported from this account from this site (the events stay in Google Calendar)';

function openDialog( importedBookings: number ) {
	render(
		<ConnectionCard
			provider={ provider }
			connection={ {
				...connectionFixture,
				imported_bookings: importedBookings,
			} }
			onChange={ jest.fn() }
			navigate={ jest.fn() }
		/>
	);
	fireEvent.click( screen.getByRole( 'button', { name: 'Disconnect' } ) );
	return screen.getByRole( 'dialog' );
}

async function confirm() {
	await act( async () =>
		fireEvent.click(
			screen
				.getAllByRole( 'button', { name: 'Disconnect' } )
				.pop() as HTMLElement
		)
	);
}

describe( 'DisconnectDialog', () => {
	afterEach( () => mockedApiFetch.mockReset() );

	it( 'offers to keep or remove the imported bookings, keep chosen by default', () => {
		openDialog( 26 );

		expect( screen.getByRole( 'radio', { name: KEEP } ) ).toBeChecked();
		expect(
			screen.getByRole( 'radio', { name: REMOVE } )
		).not.toBeChecked();
		expect(
			screen.getByRole( 'radiogroup', {
				name: 'Bookings imported from this account',
			} )
		).toBeInTheDocument();
	} );

	it( 'asks nothing about bookings when the connection imported none', () => {
		const dialog = openDialog( 0 );

		expect( screen.queryByRole( 'radio' ) ).not.toBeInTheDocument();
		expect( dialog ).not.toHaveTextContent( 'imported' );
	} );

	it( 'sends the choice to remove and says what was removed', async () => {
		mockedApiFetch.mockResolvedValue( {
			remote: 'revoked',
			message: 'Google revoked SyncWarden’s access.',
			imported: 'remove',
			removed_bookings: 26,
			kept_bookings: 0,
		} );
		openDialog( 26 );

		fireEvent.click( screen.getByRole( 'radio', { name: REMOVE } ) );
		await confirm();

		expect( mockedApiFetch ).toHaveBeenCalledWith( {
			path: '/syncwarden/v1/connections/3?imported=remove',
			method: 'DELETE',
			data: undefined,
		} );
		expect(
			screen.getByText(
				'Disconnected Google Calendar. Removed 26 imported bookings. Google revoked SyncWarden’s access.'
			)
		).toBeInTheDocument();
	} );

	it( 'keeps when nothing was imported, whatever was chosen before', async () => {
		mockedApiFetch.mockResolvedValue( {
			remote: 'revoked',
			message: '',
			imported: 'keep',
			removed_bookings: 0,
			kept_bookings: 0,
		} );
		openDialog( 0 );

		await confirm();

		expect( mockedApiFetch ).toHaveBeenCalledWith(
			expect.objectContaining( {
				path: '/syncwarden/v1/connections/3?imported=keep',
			} )
		);
		expect(
			screen.getByText( 'Disconnected Google Calendar.' )
		).toBeInTheDocument();
	} );

	it( 'counts one booking in the singular', () => {
		expect(
			disconnectedMessage( 'Outlook', {
				remote: 'not_supported',
				message: '',
				imported: 'remove',
				removed_bookings: 1,
				kept_bookings: 0,
			} )
		).toBe( 'Disconnected Outlook. Removed 1 imported booking.' );
	} );
} );
