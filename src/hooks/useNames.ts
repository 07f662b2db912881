import { fetchConnections } from '../api/connections';
import type { Names } from '../api/names';
import { fetchProviders } from '../api/providers';
import { useApiResource } from './useApiResource';

/**
 * The services and connections a list needs to name what it shows. Until they load (or if they
 * fail) the list still renders, with the stored identifiers in place of names.
 */
export function useNames(): Names {
	const providers = useApiResource( fetchProviders );
	const connections = useApiResource( fetchConnections );
	return {
		providers: 'ready' === providers.state ? providers.data : [],
		connections: 'ready' === connections.state ? connections.data : [],
	};
}
