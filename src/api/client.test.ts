import apiFetch from '@wordpress/api-fetch';

import { ApiError, request, toApiError } from './client';
import { providerSchema } from './providers';
import { fetchStatus, statusSchema } from './status';
import { providerFixture } from '../test-fixtures';

jest.mock( '@wordpress/api-fetch', () => jest.fn() );
const mockedApiFetch = apiFetch as unknown as jest.Mock;

const validStatus = {
	plugin_version: '0.1.0',
	wordpress_version: '6.5.5',
	php_version: '8.2.36',
	sodium: 'native',
	https: false,
	wp_cron_disabled: false,
	environment_type: 'local',
};

describe( 'request()', () => {
	afterEach( () => mockedApiFetch.mockReset() );

	it( 'calls the syncwarden/v1 namespace and returns the parsed body', async () => {
		mockedApiFetch.mockResolvedValue( validStatus );

		await expect( fetchStatus() ).resolves.toEqual( validStatus );
		expect( mockedApiFetch ).toHaveBeenCalledWith( {
			path: '/syncwarden/v1/status',
			method: 'GET',
			data: undefined,
		} );
	} );

	it( 'drops fields the schema does not know', async () => {
		mockedApiFetch.mockResolvedValue( {
			...validStatus,
			injected: '<script>',
		} );

		await expect(
			request( '/status', statusSchema )
		).resolves.not.toHaveProperty( 'injected' );
	} );

	it( 'turns a malformed response into a readable invalid_response error naming the route', async () => {
		mockedApiFetch.mockResolvedValue( { ...validStatus, sodium: 42 } );

		const error = await request( '/status', statusSchema ).catch(
			( e: unknown ) => e
		);

		expect( error ).toBeInstanceOf( ApiError );
		expect( error ).toMatchObject( {
			code: 'invalid_response',
			status: null,
		} );
		expect( ( error as ApiError ).message ).toContain(
			'/syncwarden/v1/status'
		);
	} );

	it( 'keeps the message and status of a WordPress REST error', async () => {
		mockedApiFetch.mockRejectedValue( {
			code: 'syncwarden_forbidden',
			message: 'Only site administrators can manage SyncWarden.',
			data: { status: 403 },
		} );

		await expect( fetchStatus() ).rejects.toMatchObject( {
			code: 'syncwarden_forbidden',
			message: 'Only site administrators can manage SyncWarden.',
			status: 403,
		} );
	} );
} );

describe( 'toApiError()', () => {
	it( 'explains a network failure instead of showing a raw TypeError', () => {
		const error = toApiError( new TypeError( 'Failed to fetch' ) );

		expect( error.code ).toBe( 'network_error' );
		expect( error.message ).toMatch( /could not reach/ );
	} );
} );

describe( 'providerSchema', () => {
	it( 'accepts providers that offer only some features (HubSpot exports only)', () => {
		const hubspot = {
			...providerFixture,
			id: 'hubspot',
			feature_scopes: { export: [ 'crm.objects.contacts.write' ] },
		};

		expect( providerSchema.safeParse( hubspot ).success ).toBe( true );
	} );
} );
