import { Spinner } from '@wordpress/components';
import { __ } from '@wordpress/i18n';

export function LoadingState() {
	return (
		<p className="syncwarden-loading" role="status">
			<Spinner />
			{ __( 'Loading…', 'syncwarden' ) }
		</p>
	);
}
