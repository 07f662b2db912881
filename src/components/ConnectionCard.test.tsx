import apiFetch from '@wordpress/api-fetch';
import { act, fireEvent, render, screen } from '@testing-library/react';

import { connectionFixture, providerFixture } from '../test-fixtures';
import { ConnectionCard } from './ConnectionCard';

jest.mock( '@wordpress/api-fetch', () => jest.fn() );
// The webhook panel loads its own status; it has its own tests (PushStatus.test.tsx).
jest.mock( './PushStatus', () => ( { PushStatus: () => null } ) );
const mockedApiFetch = apiFetch as unknown as jest.Mock;

const readyProvider = {
	...providerFixture,
	source: 'database' as const,
	client_id: 'id',
	has_client_secret: true,
	client_secret_state: 'set' as const,
};
const connection = connectionFixture;

describe( 'ConnectionCard', () => {
	afterEach( () => mockedApiFetch.mockReset() );

	it( 'asks for credentials before anything can be connected', () => {
		render(
			<ConnectionCard
				provider={ providerFixture }
				connection={ undefined }
				onChange={ jest.fn() }
				navigate={ jest.fn() }
			/>
		);

		expect( screen.getByText( 'Needs credentials' ) ).toBeInTheDocument();
		expect(
			screen.queryByRole( 'button', { name: 'Connect' } )
		).not.toBeInTheDocument();
	} );

	it( 'requests only the chosen features and sends the browser to the provider', async () => {
		const navigate = jest.fn();
		mockedApiFetch.mockResolvedValue( {
			authorize_url: 'https://accounts.example.test/auth?x=1',
		} );
		render(
			<ConnectionCard
				provider={ readyProvider }
				connection={ undefined }
				onChange={ jest.fn() }
				navigate={ navigate }
			/>
		);

		fireEvent.click(
			screen.getByLabelText( 'Send bookings to this service' )
		);
		fireEvent.click( screen.getByLabelText( 'Import events as bookings' ) );
		await act( async () =>
			fireEvent.click( screen.getByRole( 'button', { name: 'Connect' } ) )
		);

		expect( mockedApiFetch ).toHaveBeenCalledWith( {
			path: '/syncwarden/v1/connections/google/authorize',
			method: 'POST',
			data: { features: [ 'export' ] },
		} );
		expect( navigate ).toHaveBeenCalledWith(
			'https://accounts.example.test/auth?x=1'
		);
	} );

	it( 'shows granted access in plain words and token freshness', () => {
		render(
			<ConnectionCard
				provider={ readyProvider }
				connection={ connection }
				onChange={ jest.fn() }
				navigate={ jest.fn() }
			/>
		);

		expect(
			screen.getByText( 'Account: owner@example.test' )
		).toBeInTheDocument();
		expect(
			screen.getByText( 'See events in your calendars' )
		).toBeInTheDocument();
		expect(
			screen.getByText( /valid for (29|30) more minutes/ )
		).toBeInTheDocument();
	} );

	it( 'warns about extra access and disables a feature whose scope was not granted', () => {
		render(
			<ConnectionCard
				provider={ readyProvider }
				connection={ {
					...connection,
					extra_scopes: [ 'Mail.Read' ],
					features: { import: { requested: true, granted: false } },
				} }
				onChange={ jest.fn() }
				navigate={ jest.fn() }
			/>
		);

		expect(
			screen.getByText(
				/granted more than SyncWarden asked for: Mail\.Read/,
				{ selector: '.notice > p' }
			)
		).toBeInTheDocument();
		expect(
			screen.getByText( /“Import events as bookings” is disabled/, {
				selector: '.notice > p',
			} )
		).toBeInTheDocument();
	} );

	it( 'confirms before disconnecting and says what will be revoked', async () => {
		const onChange = jest.fn();
		mockedApiFetch.mockResolvedValue( {
			remote: 'revoked',
			message: 'Google revoked SyncWarden’s access.',
			imported: 'keep',
			removed_bookings: 0,
			kept_bookings: 26,
		} );
		render(
			<ConnectionCard
				provider={ readyProvider }
				connection={ connection }
				onChange={ onChange }
				navigate={ jest.fn() }
			/>
		);

		fireEvent.click( screen.getByRole( 'button', { name: 'Disconnect' } ) );
		expect( screen.getByRole( 'dialog' ) ).toHaveTextContent(
			'ask Google Calendar to revoke its access'
		);
		expect( mockedApiFetch ).not.toHaveBeenCalled();
		await act( async () =>
			fireEvent.click(
				screen
					.getAllByRole( 'button', { name: 'Disconnect' } )
					.pop() as HTMLElement
			)
		);

		expect( mockedApiFetch ).toHaveBeenCalledWith( {
			path: '/syncwarden/v1/connections/3?imported=keep',
			method: 'DELETE',
			data: undefined,
		} );
		expect(
			screen.getByText(
				'Disconnected Google Calendar. Kept 26 imported bookings; SyncWarden no longer updates them. Google revoked SyncWarden’s access.'
			)
		).toBeInTheDocument();
		expect( onChange ).toHaveBeenCalled();
	} );
} );

describe( 'ConnectionCard on a moved site', () => {
	afterEach( () => mockedApiFetch.mockReset() );

	it( 'explains the pause and resumes only when the administrator confirms', async () => {
		const onChange = jest.fn();
		mockedApiFetch.mockResolvedValue( {
			...connection,
			site_moved: false,
		} );
		render(
			<ConnectionCard
				provider={ readyProvider }
				connection={ { ...connection, site_moved: true } }
				onChange={ onChange }
				navigate={ jest.fn() }
			/>
		);

		expect(
			screen.getByText( /Syncing is paused/, {
				selector: '.notice > p',
			} )
		).toBeInTheDocument();
		await act( async () =>
			fireEvent.click(
				screen.getByRole( 'button', {
					name: 'This is the live site — resume syncing',
				} )
			)
		);

		expect( mockedApiFetch ).toHaveBeenCalledWith( {
			path: '/syncwarden/v1/connections/3/confirm-site',
			method: 'POST',
			data: undefined,
		} );
		expect( onChange ).toHaveBeenCalled();
	} );
} );
