import { __, sprintf } from '@wordpress/i18n';

import type { Provider } from '../api/providers';
import { Notice } from './Notice';

type Props = { provider: Provider };

/**
 * On plain permalinks the redirect URI carries “?rest_route=”. Microsoft documents that it
 * refuses such an address; the other providers’ documentation does not say either way, so the
 * card warns that connecting may fail instead of promising that it works.
 */
export function PermalinkNotice( { provider }: Props ) {
	let message: string;
	if ( provider.redirect_uri_refused ) {
		message = sprintf(
			/* translators: %s: provider name */
			__(
				'%s does not accept this redirect URI, because this site uses plain permalinks (the address contains “?rest_route=”). Choose any other permalink structure, for example “Post name”, and the redirect URI becomes one it accepts.',
				'syncwarden'
			),
			provider.label
		);
	} else if ( provider.redirect_uri_unconfirmed ) {
		message = sprintf(
			/* translators: %s: provider name */
			__(
				'This site uses plain permalinks, so the redirect URI contains “?rest_route=”. %s’s documentation does not say whether it accepts such an address, so connecting may fail. To be safe, choose any other permalink structure, for example “Post name”.',
				'syncwarden'
			),
			provider.label
		);
	} else {
		return null;
	}
	return (
		<Notice status="warning" isDismissible={ false }>
			{ message }{ ' ' }
			<a href="options-permalink.php">
				{ __( 'Settings → Permalinks', 'syncwarden' ) }
			</a>
		</Notice>
	);
}
