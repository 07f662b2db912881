import { useCallback, useState } from '@wordpress/element';

import { ApiError, toApiError } from '../api/client';

export type Action = {
	busy: boolean;
	error: ApiError | null;
	/** Runs `task`; resolves to its result, or null when it failed (the error is kept for display). */
	run: < T >( task: () => Promise< T > ) => Promise< T | null >;
};

/** State for a button that calls the API: busy while running, the last error kept for display. */
export function useAction(): Action {
	const [ busy, setBusy ] = useState( false );
	const [ error, setError ] = useState< ApiError | null >( null );
	const run = useCallback(
		async < T >( task: () => Promise< T > ): Promise< T | null > => {
			setBusy( true );
			setError( null );
			try {
				return await task();
			} catch ( reason ) {
				setError( toApiError( reason ) );
				return null;
			} finally {
				setBusy( false );
			}
		},
		[]
	);
	return { busy, error, run };
}
