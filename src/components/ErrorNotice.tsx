import { Button } from '@wordpress/components';
import { __ } from '@wordpress/i18n';

import type { ApiError } from '../api/client';
import { Notice } from './Notice';

type Props = { error: ApiError; onRetry?: () => void };

/**
 * A failed request, explained, with a way to try again. Never a blank screen.
 */
export function ErrorNotice( { error, onRetry }: Props ) {
	return (
		<Notice status="error" isDismissible={ false }>
			<p>{ error.message }</p>
			{ onRetry && (
				<Button variant="secondary" onClick={ onRetry }>
					{ __( 'Try again', 'syncwarden' ) }
				</Button>
			) }
		</Notice>
	);
}
