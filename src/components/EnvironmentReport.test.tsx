import { render, screen } from '@testing-library/react';

import type { Status } from '../api/status';
import { describeEnvironment, EnvironmentReport } from './EnvironmentReport';

const status: Status = {
	plugin_version: '0.1.0',
	wordpress_version: '6.5.5',
	php_version: '8.2.36',
	sodium: 'native',
	https: true,
	wp_cron_disabled: false,
	environment_type: 'production',
};

describe( 'EnvironmentReport', () => {
	it( 'shows every fact from the status route', () => {
		render( <EnvironmentReport status={ status } /> );

		expect(
			screen.getByRole( 'rowheader', { name: 'PHP version' } ).nextSibling
		).toHaveTextContent( '8.2.36' );
		expect(
			screen.getByRole( 'rowheader', { name: 'WordPress version' } )
				.nextSibling
		).toHaveTextContent( '6.5.5' );
		expect(
			screen.getByRole( 'rowheader', { name: 'Encryption library' } )
				.nextSibling
		).toHaveTextContent( 'libsodium (PHP extension)' );
		expect(
			screen.getByRole( 'rowheader', { name: 'Environment type' } )
				.nextSibling
		).toHaveTextContent( 'production' );
	} );

	it( 'gives advice only where something needs attention', () => {
		expect(
			describeEnvironment( status ).filter( ( fact ) => fact.advice )
		).toEqual( [] );

		const troubled = describeEnvironment( {
			...status,
			sodium: 'compat',
			https: false,
			wp_cron_disabled: true,
		} );

		expect(
			troubled
				.filter( ( fact ) => fact.advice )
				.map( ( fact ) => fact.label )
		).toEqual( [ 'Encryption library', 'HTTPS', 'WP-Cron' ] );
	} );

	it( 'warns that secrets cannot be stored without sodium', () => {
		const sodium = describeEnvironment( {
			...status,
			sodium: 'missing',
		} ).find( ( fact ) => fact.label === 'Encryption library' );

		expect( sodium?.advice ).toMatch( /refuse to store/ );
	} );
} );
