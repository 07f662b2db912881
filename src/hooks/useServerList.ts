import { useCallback, useState } from '@wordpress/element';

import type { Page } from '../api/client';
import { useApiResource } from './useApiResource';

/**
 * A server-filtered, server-paged list: applying new filters starts again at page 1, and
 * `filtered` says whether any filter is set (to word the empty state).
 */
export function useServerList< Filters extends Record< string, unknown >, Row >(
	fetchPage: (
		filters: Filters,
		page: number,
		perPage: number
	) => Promise< Page< Row[] > >,
	perPage: number
) {
	const [ filters, setFilters ] = useState< Filters >( {} as Filters );
	const [ page, setPage ] = useState( 1 );
	const load = useCallback(
		() => fetchPage( filters, page, perPage ),
		[ fetchPage, filters, page, perPage ]
	);
	const resource = useApiResource( load );
	const apply = useCallback( ( next: Filters ) => {
		setPage( 1 );
		setFilters( next );
	}, [] );
	const filtered = Object.values( filters ).some(
		( value ) => value !== undefined && value !== ''
	);
	return { resource, filters, apply, page, setPage, filtered };
}
