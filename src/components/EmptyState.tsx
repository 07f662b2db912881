import type { ReactNode } from 'react';

type Props = { title: string; children: ReactNode };

/**
 * What a tab says when there is truly nothing to show yet.
 */
export function EmptyState( { title, children }: Props ) {
	return (
		<div className="syncwarden-empty-state">
			<h2>{ title }</h2>
			{ children }
		</div>
	);
}
