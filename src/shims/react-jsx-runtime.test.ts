import { render } from '@testing-library/react';

import { runtime } from './react-jsx-runtime';

describe( 'react-jsx-runtime fallback', () => {
	it( 'installs itself on window for builds that expect core’s handle', () => {
		expect(
			( window as unknown as { ReactJSXRuntime: unknown } )
				.ReactJSXRuntime
		).toBe( runtime );
	} );

	it( 'renders static children from jsxs without a missing-key warning', () => {
		const consoleError = jest
			.spyOn( console, 'error' )
			.mockImplementation( () => undefined );
		const element = runtime.jsxs( 'ul', {
			children: [
				runtime.jsx( 'li', { children: 'one' } ),
				runtime.jsx( 'li', { children: 'two' } ),
			],
		} );

		const { container } = render( element );

		expect( container.innerHTML ).toBe(
			'<ul><li>one</li><li>two</li></ul>'
		);
		expect( consoleError ).not.toHaveBeenCalled();
		consoleError.mockRestore();
	} );

	it( 'passes the key separately and supports fragments', () => {
		const element = runtime.jsx( runtime.Fragment, {
			children: runtime.jsx( 'b', { children: 'x' }, 'k1' ),
		} );
		const keyed = runtime.jsx( 'i', { id: 'a' }, 'k2' );

		expect( keyed.key ).toBe( 'k2' );
		expect( keyed.props ).toEqual( { id: 'a' } );
		expect( render( element ).container.innerHTML ).toBe( '<b>x</b>' );
	} );
} );
