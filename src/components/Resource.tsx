import type { ReactElement } from 'react';

import type { ApiResource } from '../hooks/useApiResource';
import { ErrorNotice } from './ErrorNotice';
import { LoadingState } from './LoadingState';

type Ready< T > = Extract< ApiResource< T >, { state: 'ready' } >;
type Props< T > = {
	resource: ApiResource< T >;
	children: ( ready: Ready< T > ) => ReactElement;
};

/**
 * Loading spinner, readable error with retry, or the content: the same for every resource.
 */
export function Resource< T >( { resource, children }: Props< T > ) {
	switch ( resource.state ) {
		case 'loading':
			return <LoadingState />;
		case 'error':
			return (
				<ErrorNotice
					error={ resource.error }
					onRetry={ resource.reload }
				/>
			);
		case 'ready':
			return children( resource );
	}
}
