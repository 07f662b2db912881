import type { ReactNode } from 'react';

type Props = { title: string; children: ReactNode };

/**
 * What a tab says when there is truly nothing to show yet.
 * @param root0
 * @param root0.title
 * @param root0.children
 */
export function EmptyState( { title, children }: Props ) {
	return (
		<div className="syncwarden-empty-state">
			<h2>{ title }</h2>
			{ children }
		</div>
	);
}
