import { Button } from '@wordpress/components';
import { __, _n, sprintf } from '@wordpress/i18n';

type Props = {
	page: number;
	perPage: number;
	total: number;
	onPage: ( page: number ) => void;
};

/** Previous / Next over a server-paged list, with the totals in words. */
export function Pager( { page, perPage, total, onPage }: Props ) {
	return (
		<div className="syncwarden-paging">
			<Button
				variant="secondary"
				disabled={ page <= 1 }
				onClick={ () => onPage( page - 1 ) }
			>
				{ __( 'Previous', 'syncwarden' ) }
			</Button>
			<span>
				{ sprintf(
					/* translators: 1: page, 2: pages, 3: entries */
					_n(
						'Page %1$d of %2$d (%3$d entry)',
						'Page %1$d of %2$d (%3$d entries)',
						total,
						'syncwarden'
					),
					page,
					Math.max( 1, Math.ceil( total / perPage ) ),
					total
				) }
			</span>
			<Button
				variant="secondary"
				disabled={ page * perPage >= total }
				onClick={ () => onPage( page + 1 ) }
			>
				{ __( 'Next', 'syncwarden' ) }
			</Button>
		</div>
	);
}
