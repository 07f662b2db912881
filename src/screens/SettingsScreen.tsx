import { fetchStatus } from '../api/status';
import { EnvironmentReport } from '../components/EnvironmentReport';
import { ErrorNotice } from '../components/ErrorNotice';
import { LoadingState } from '../components/LoadingState';
import { useApiResource } from '../hooks/useApiResource';

export function SettingsScreen() {
	const status = useApiResource( fetchStatus );
	switch ( status.state ) {
		case 'loading':
			return <LoadingState />;
		case 'error':
			return (
				<ErrorNotice error={ status.error } onRetry={ status.reload } />
			);
		case 'ready':
			return <EnvironmentReport status={ status.data } />;
	}
}
