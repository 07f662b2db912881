import { useCallback, useEffect, useState } from '@wordpress/element';

import { ApiError, toApiError } from '../api/client';

export type ApiResource< T > =
	| { state: 'loading' }
	| { state: 'error'; error: ApiError; reload: () => void }
	| {
			state: 'ready';
			data: T;
			reload: () => void;
			replace: ( data: T ) => void;
	  };

type Loaded< T > =
	| { state: 'loading' }
	| { state: 'error'; error: ApiError }
	| { state: 'ready'; data: T };

/**
 * Loads a resource on mount. `reload` fetches it again while the current data stays on screen;
 * `replace` swaps in data a mutation already returned. Late answers after unmount are dropped.
 */
export function useApiResource< T >(
	load: () => Promise< T >
): ApiResource< T > {
	const [ attempt, setAttempt ] = useState( 0 );
	const [ loaded, setLoaded ] = useState< Loaded< T > >( {
		state: 'loading',
	} );
	const reload = useCallback( () => setAttempt( ( n ) => n + 1 ), [] );
	const replace = useCallback(
		( data: T ) => setLoaded( { state: 'ready', data } ),
		[]
	);

	useEffect( () => {
		let current = true;
		setLoaded( ( previous ) =>
			previous.state === 'ready' ? previous : { state: 'loading' }
		);
		load().then(
			( data ) => current && setLoaded( { state: 'ready', data } ),
			( reason: unknown ) =>
				current &&
				setLoaded( { state: 'error', error: toApiError( reason ) } )
		);
		return () => {
			current = false;
		};
	}, [ load, attempt ] );

	switch ( loaded.state ) {
		case 'loading':
			return loaded;
		case 'error':
			return { ...loaded, reload };
		case 'ready':
			return { ...loaded, reload, replace };
	}
}
