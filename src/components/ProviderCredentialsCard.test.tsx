import apiFetch from '@wordpress/api-fetch';
import { act, fireEvent, render, screen } from '@testing-library/react';

import type { Provider } from '../api/providers';
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
				selector: '.notice > p',
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

	it( 'says sandbox credentials come from the development sandbox, not from wp-config.php', () => {
		render(
			<ProviderCredentialsCard
				provider={ {
					...withSecret,
					source: 'constant',
					constant_origin: 'sandbox',
				} }
				onChange={ jest.fn() }
			/>
		);

		expect(
			screen.getByText( 'From the development sandbox' )
		).toBeInTheDocument();
		const words = screen.getByText( /come from the development sandbox/ );
		expect( words ).not.toHaveTextContent( 'Edit that file' );
		expect(
			screen.queryByText( 'Defined in wp-config.php' )
		).not.toBeInTheDocument();
	} );
} );

describe( 'WebhookSigningKeyField (Calendly)', () => {
	afterEach( () => mockedApiFetch.mockReset() );

	const calendly = {
		...withSecret,
		id: 'calendly',
		label: 'Calendly',
		webhook_signing_key: {
			source: 'none' as const,
			state: 'missing' as const,
			updated_at: null,
		},
	};

	it( 'says deliveries are refused until the key is set, and sends it once as a write-only field', async () => {
		const onChange = jest.fn();
		mockedApiFetch.mockResolvedValue( {
			...calendly,
			webhook_signing_key: {
				source: 'database',
				state: 'set',
				updated_at: 1,
			},
		} );
		render(
			<ProviderCredentialsCard
				provider={ calendly }
				onChange={ onChange }
			/>
		);

		expect(
			screen.getAllByText( /refuses every booking Calendly sends/ )
		).not.toHaveLength( 0 );
		expect(
			screen.getByText(
				/Calendly developer portal next to the client secret/
			)
		).toBeInTheDocument();
		const field = screen.getByLabelText( 'Webhook signing key' );
		expect( field ).toHaveAttribute( 'type', 'password' );
		fireEvent.change( field, { target: { value: 'app-key' } } );
		await act( async () => {
			fireEvent.click(
				screen.getByRole( 'button', { name: 'Save signing key' } )
			);
		} );

		expect( mockedApiFetch ).toHaveBeenCalledWith(
			expect.objectContaining( {
				path: '/syncwarden/v1/providers/calendly/webhook-signing-key',
				method: 'PUT',
				data: { signing_key: 'app-key' },
			} )
		);
		expect( onChange ).toHaveBeenCalled();
		expect( screen.getByLabelText( 'Webhook signing key' ) ).toHaveValue(
			''
		);
	} );

	it( 'is absent for providers without an application signing key', () => {
		render(
			<ProviderCredentialsCard
				provider={ withSecret }
				onChange={ jest.fn() }
			/>
		);
		expect(
			screen.queryByText( /Webhook signing key/ )
		).not.toBeInTheDocument();
	} );
} );

describe( 'redirect URI refused on plain permalinks', () => {
	// A card on a plain-permalinks site, as the providers route describes it for `id`.
	const renderOnPlainPermalinks = (
		id: string,
		label: string,
		flags: Partial< Provider >
	) =>
		render(
			<ProviderCredentialsCard
				provider={ {
					...providerFixture,
					label,
					redirect_uri: `https://example.test/?rest_route=/syncwarden/v1/oauth/callback/${ id }`,
					...flags,
				} }
				onChange={ jest.fn() }
			/>
		);

	it( 'explains in plain words that pretty permalinks are needed and links to Settings → Permalinks', () => {
		renderOnPlainPermalinks( 'microsoft', 'Microsoft Outlook', {
			redirect_uri_refused: true,
		} );

		expect(
			screen.getAllByText( /uses plain permalinks/ )
		).not.toHaveLength( 0 );
		expect(
			screen.getByRole( 'link', { name: 'Settings → Permalinks' } )
		).toHaveAttribute( 'href', 'options-permalink.php' );
	} );

	it( 'says connecting may fail, not that it will, where the provider’s documentation does not settle it', () => {
		renderOnPlainPermalinks( 'google', 'Google Calendar', {
			redirect_uri_unconfirmed: true,
		} );

		expect(
			screen.getAllByText(
				/documentation does not say whether it accepts/
			)
		).not.toHaveLength( 0 );
		expect(
			screen.queryByText( /does not accept this redirect URI/ )
		).not.toBeInTheDocument();
		expect(
			screen.getByRole( 'link', { name: 'Settings → Permalinks' } )
		).toHaveAttribute( 'href', 'options-permalink.php' );
	} );

	it( 'shows no permalink warning when the redirect URI has no query string', () => {
		render(
			<ProviderCredentialsCard
				provider={ providerFixture }
				onChange={ jest.fn() }
			/>
		);

		expect(
			screen.queryByRole( 'link', { name: 'Settings → Permalinks' } )
		).not.toBeInTheDocument();
	} );
} );
