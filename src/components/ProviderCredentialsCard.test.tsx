import apiFetch from '@wordpress/api-fetch';
import { act, fireEvent, render, screen } from '@testing-library/react';

import { providerFixture } from '../test-fixtures';
import { ProviderCredentialsCard } from './ProviderCredentialsCard';

jest.mock( '@wordpress/api-fetch', () => jest.fn() );
const mockedApiFetch = apiFetch as unknown as jest.Mock;

const withSecret = {
	...providerFixture,
	source: 'database' as const,
	client_id: 'client-123',
	has_client_secret: true,
	client_secret_state: 'set' as const,
};

describe( 'ProviderCredentialsCard', () => {
	afterEach( () => mockedApiFetch.mockReset() );

	it( 'shows a stored secret only as “Set”, with no secret input until Replace is chosen', () => {
		render(
			<ProviderCredentialsCard
				provider={ withSecret }
				onChange={ jest.fn() }
			/>
		);

		expect( screen.getByText( 'Set' ) ).toBeInTheDocument();
		expect(
			screen.queryByLabelText( /client secret/i )
		).not.toBeInTheDocument();

		fireEvent.click(
			screen.getByRole( 'button', { name: 'Replace secret' } )
		);

		expect( screen.getByLabelText( 'New client secret' ) ).toHaveValue(
			''
		);
		expect( screen.getByLabelText( 'New client secret' ) ).toHaveAttribute(
			'type',
			'password'
		);
	} );

	it( 'sends a new secret once and clears the field after saving', async () => {
		const onChange = jest.fn();
		mockedApiFetch.mockResolvedValue( {
			...withSecret,
			client_id: 'new-id',
		} );
		render(
			<ProviderCredentialsCard
				provider={ providerFixture }
				onChange={ onChange }
			/>
		);

		fireEvent.change( screen.getByLabelText( 'Client ID' ), {
			target: { value: 'new-id' },
		} );
		fireEvent.change( screen.getByLabelText( 'Client secret' ), {
			target: { value: 'typed-secret' },
		} );
		await act( async () =>
			fireEvent.click( screen.getByRole( 'button', { name: 'Save' } ) )
		);

		expect( mockedApiFetch ).toHaveBeenCalledWith( {
			path: '/syncwarden/v1/providers/google/credentials',
			method: 'PUT',
			data: { client_id: 'new-id', client_secret: 'typed-secret' },
		} );
		expect( onChange ).toHaveBeenCalledWith(
			expect.objectContaining( {
				client_id: 'new-id',
				has_client_secret: true,
			} )
		);
		expect(
			screen.getByText( 'Saved.', {
				selector: '.components-notice__content',
			} )
		).toBeInTheDocument();
		expect( screen.getByLabelText( 'Client secret' ) ).toHaveValue( '' );
	} );

	it( 'saving only the client id leaves the secret out of the request', async () => {
		mockedApiFetch.mockResolvedValue( withSecret );
		render(
			<ProviderCredentialsCard
				provider={ withSecret }
				onChange={ jest.fn() }
			/>
		);

		await act( async () =>
			fireEvent.click( screen.getByRole( 'button', { name: 'Save' } ) )
		);

		expect( mockedApiFetch.mock.calls[ 0 ][ 0 ].data ).toEqual( {
			client_id: 'client-123',
		} );
	} );

	it( 'shows the server’s field-level message under the secret field', async () => {
		mockedApiFetch.mockRejectedValue( {
			code: 'rest_invalid_param',
			message: 'Invalid parameter(s): client_secret',
			data: {
				status: 400,
				params: { client_secret: 'The client secret cannot be empty.' },
			},
		} );
		render(
			<ProviderCredentialsCard
				provider={ { ...providerFixture, client_id: 'id' } }
				onChange={ jest.fn() }
			/>
		);

		fireEvent.change( screen.getByLabelText( 'Client secret' ), {
			target: { value: ' ' },
		} );
		await act( async () =>
			fireEvent.click( screen.getByRole( 'button', { name: 'Save' } ) )
		);

		expect(
			screen.getByText( 'The client secret cannot be empty.' )
		).toBeInTheDocument();
	} );

	it( 'offers no form for credentials defined in wp-config.php', () => {
		render(
			<ProviderCredentialsCard
				provider={ { ...withSecret, source: 'constant' } }
				onChange={ jest.fn() }
			/>
		);

		expect(
			screen.getByText( 'Defined in wp-config.php' )
		).toBeInTheDocument();
		expect(
			screen.queryByRole( 'button', { name: 'Save' } )
		).not.toBeInTheDocument();
	} );
} );
