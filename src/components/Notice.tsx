import { Children, type ReactNode } from 'react';

type Props = {
	status: 'success' | 'error' | 'warning' | 'info';
	children: ReactNode;
	/** Accepted for the components' Notice signature; core's inline notices here never dismiss. */
	isDismissible?: false;
};

/**
 * A notice in core's own markup (`notice notice-{status} inline`), so it is drawn by the admin's
 * stylesheet exactly like core's notices on every WordPress version: a white box with a coloured
 * left border on 6.5, core's newer look on 7.x. The components' Notice is a saturated pink box
 * on 6.5. Bare text becomes a paragraph, as core's markup expects. Errors interrupt a screen
 * reader (alert); everything else waits its turn (status).
 */
export function Notice( { status, children }: Props ) {
	return (
		<div
			className={ `notice notice-${ status } inline syncwarden-notice` }
			role={ 'error' === status ? 'alert' : 'status' }
		>
			{ Children.map( children, ( child ) =>
				typeof child === 'string' || typeof child === 'number' ? (
					<p>{ child }</p>
				) : (
					child
				)
			) }
		</div>
	);
}
