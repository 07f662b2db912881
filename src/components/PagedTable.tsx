import type { ReactElement, ReactNode } from 'react';

import type { Page } from '../api/client';
import type { ApiResource } from '../hooks/useApiResource';
import { Pager } from './Pager';
import { Resource } from './Resource';

export type Column< Row > = {
	label: string;
	cell: ( row: Row ) => ReactNode;
	className?: ( row: Row ) => string;
};

type Props< Row > = {
	resource: ApiResource< Page< Row[] > >;
	columns: Column< Row >[];
	rowKey: ( row: Row ) => number;
	className: string;
	page: number;
	perPage: number;
	onPage: ( page: number ) => void;
	/** What to show when the server has no rows at all. */
	empty: ReactElement;
};

/** A server-paged list as a WordPress list table, with loading, error and empty states. */
export function PagedTable< Row >( {
	resource,
	columns,
	rowKey,
	className,
	page,
	perPage,
	onPage,
	empty,
}: Props< Row > ) {
	return (
		<Resource resource={ resource }>
			{ ( { data } ) =>
				data.total === 0 ? (
					empty
				) : (
					<>
						<table className={ `widefat striped ${ className }` }>
							<thead>
								<tr>
									{ columns.map( ( column ) => (
										<th scope="col" key={ column.label }>
											{ column.label }
										</th>
									) ) }
								</tr>
							</thead>
							<tbody>
								{ data.items.map( ( row ) => (
									<tr key={ rowKey( row ) }>
										{ columns.map( ( column ) => (
											<td
												key={ column.label }
												className={ column.className?.(
													row
												) }
											>
												{ column.cell( row ) }
											</td>
										) ) }
									</tr>
								) ) }
							</tbody>
						</table>
						<Pager
							page={ page }
							perPage={ perPage }
							total={ data.total }
							onPage={ onPage }
						/>
					</>
				)
			}
		</Resource>
	);
}
