import { useCallback, useEffect, useState } from '@wordpress/element';

import { ApiError, toApiError } from '../api/client';

export type ApiResource< T > =
	| { state: 'loading' }
	| { state: 'error'; error: ApiError; reload: () => void }
	| { state: 'ready'; data: T; reload: () => void };

/**
 * Loads a resource once on mount; `reload` fetches it again. Late answers after unmount are dropped.
 * @param load
 */
export function useApiResource< T >(
	load: () => Promise< T >
): ApiResource< T > {
	const [ attempt, setAttempt ] = useState( 0 );
	const [ resource, setResource ] = useState< ApiResource< T > >( {
		state: 'loading',
	} );
	const reload = useCallback( () => setAttempt( ( n ) => n + 1 ), [] );

	useEffect( () => {
		let current = true;
		setResource( { state: 'loading' } );
		load().then(
			( data ) =>
				current && setResource( { state: 'ready', data, reload } ),
			( reason: unknown ) =>
				current &&
				setResource( {
					state: 'error',
					error: toApiError( reason ),
					reload,
				} )
		);
		return () => {
			current = false;
		};
	}, [ load, attempt, reload ] );

	return resource;
}
