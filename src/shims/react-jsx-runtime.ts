/**
 * `react-jsx-runtime` for WordPress 6.5, which predates that core script.
 *
 * Builds by @wordpress/scripts call window.ReactJSXRuntime.jsx/jsxs; here they are mapped onto
 * React.createElement from core's `react` script. Registered only when core lacks the handle.
 */
import * as React from 'react';

type Props = Record< string, unknown > & { children?: React.ReactNode };

function split(
	props: Props,
	key: unknown
): [ Record< string, unknown >, React.ReactNode ] {
	const { children, ...config } = props;
	if ( key !== undefined ) {
		config.key = key;
	}
	return [ config, children ];
}

function jsx(
	type: React.ElementType,
	props: Props,
	key?: unknown
): React.ReactElement {
	const [ config, children ] = split( props, key );
	return children === undefined
		? React.createElement( type, config )
		: React.createElement( type, config, children );
}

// Static children arrive as one array; passing them as separate arguments tells React they
// are static, exactly as the real runtime does (otherwise React warns about missing keys).
function jsxs(
	type: React.ElementType,
	props: Props,
	key?: unknown
): React.ReactElement {
	const [ config, children ] = split( props, key );
	return Array.isArray( children )
		? React.createElement(
				type,
				config,
				...( children as React.ReactNode[] )
			)
		: React.createElement( type, config, children );
}

export const runtime = { Fragment: React.Fragment, jsx, jsxs };

( window as unknown as { ReactJSXRuntime: typeof runtime } ).ReactJSXRuntime =
	runtime;
