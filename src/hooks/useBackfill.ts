import { useCallback, useEffect, useRef, useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';

import { ApiError, toApiError } from '../api/client';
import { backfillPage } from '../api/sources';

export type BackfillProgress = { handled: number; sent: number };

export type BackfillState =
	| { phase: 'idle' }
	| ( BackfillProgress & {
			phase: 'running' | 'done' | 'cancelled';
			/** Cancel was asked for; the page under way still finishes on the server. */
			stopping: boolean;
	  } )
	| ( BackfillProgress & { phase: 'failed'; error: ApiError } );

export type Backfill = {
	state: BackfillState;
	start: ( days: number ) => Promise< void >;
	cancel: () => void;
};

/**
 * "Send existing bookings": asks the server for one page at a time, each continuing after the
 * previous page's `next`, until a page says it is the last. One page per request keeps every
 * request short (a plugin can hold thousands of bookings) and lets the screen show progress and
 * stop between pages. Stopping is safe at any page: a booking already sent and unchanged is not
 * sent again, so a second run continues where this one stopped.
 */
export function useBackfill( sourceId: string, onDone?: () => void ): Backfill {
	const [ state, setState ] = useState< BackfillState >( { phase: 'idle' } );
	const stop = useRef( false );
	// Leaving the tab stops the loop after the page under way.
	useEffect(
		() => () => {
			stop.current = true;
		},
		[]
	);

	const start = useCallback(
		async ( days: number ) => {
			stop.current = false;
			let progress: BackfillProgress = { handled: 0, sent: 0 };
			setState( { phase: 'running', stopping: false, ...progress } );
			const report = ( next: BackfillProgress ) => {
				progress = next;
				setState( ( current ) => ( {
					phase: 'running',
					stopping: current.phase === 'running' && current.stopping,
					...next,
				} ) );
			};
			try {
				const end = await sendPages(
					sourceId,
					days,
					report,
					() => stop.current
				);
				setState( { phase: end, stopping: false, ...progress } );
				if ( end === 'done' ) {
					onDone?.();
				}
			} catch ( reason ) {
				const error = toApiError( reason );
				setState( { phase: 'failed', error, ...progress } );
			}
		},
		[ sourceId, onDone ]
	);

	const cancel = useCallback( () => {
		stop.current = true;
		setState( ( current ) =>
			current.phase === 'running'
				? { ...current, stopping: true }
				: current
		);
	}, [] );

	return { state, start, cancel };
}

/**
 * The paging loop: reports the running totals after each page and ends on the last page, or
 * after the page under way once `stopped()` says so.
 */
async function sendPages(
	sourceId: string,
	days: number,
	report: ( progress: BackfillProgress ) => void,
	stopped: () => boolean
): Promise< 'done' | 'cancelled' > {
	let progress: BackfillProgress = { handled: 0, sent: 0 };
	let after = 0;
	for (;;) {
		const page = await backfillPage( sourceId, days, after );
		progress = {
			handled: progress.handled + page.handled,
			sent: progress.sent + page.sent,
		};
		report( progress );
		if ( page.done ) {
			return 'done';
		}
		if ( page.next <= after ) {
			throw stalled();
		}
		after = page.next;
		if ( stopped() ) {
			return 'cancelled';
		}
	}
}

/** A page that is not the last must move on; otherwise the loop would ask for it forever. */
function stalled(): ApiError {
	return new ApiError(
		__(
			'The booking plugin returned the same bookings twice, so SyncWarden stopped sending. Nothing was sent twice; try again later.',
			'syncwarden'
		),
		'backfill_stalled',
		null
	);
}
