import { fetchConnections } from '../api/connections';
import type { Names } from '../api/names';
import { fetchProviders } from '../api/providers';
import { fetchSources } from '../api/sources';
import { useApiResource } from './useApiResource';

/**
 * The services, connections and booking plugins a list needs to name what it shows. Until they load (or if they
 * fail) the list still renders, with the stored identifiers in place of names.
 */
export function useNames(): Names {
	const providers = useApiResource( fetchProviders );
	const connections = useApiResource( fetchConnections );
	const sources = useApiResource( fetchSources );
	return {
		providers: 'ready' === providers.state ? providers.data : [],
		connections: 'ready' === connections.state ? connections.data : [],
		sources: 'ready' === sources.state ? sources.data : [],
	};
}
