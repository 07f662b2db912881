/**
 * Self-test checks of the Google calendar zone (google-zone.mjs), run by selftest.mjs with its
 * helpers: the list's timeZone, numeric offsets (a whole and a half hour), local all-day
 * dates, both forms of a timed start (with and without its own timeZone), reset to UTC.
 */

/**
 * @param {Object}   h             selftest.mjs helpers.
 * @param {Function} h.check       check( name, fn ).
 * @param {Function} h.assert      assert( condition, message ).
 * @param {Function} h.control     control( path, body ) → response.
 * @param {Function} h.googlePages googlePages( query ) → list bodies.
 */
export async function googleZoneChecks( {
	check,
	assert,
	control,
	googlePages,
} ) {
	const listed = async ( query = {} ) => {
		const all = await googlePages( { singleEvents: 'true', ...query } );
		return {
			zone: all[ 0 ].timeZone,
			items: all.flatMap( ( p ) => p.items ),
		};
	};
	// Sets the zone, seeds Christmas Eve, lists that local day: [date, events by title].
	const eve = async ( zone ) => {
		await control( '/__control/reset', {} );
		const set = await control( '/__control/calendar', {
			action: 'zone',
			zone,
		} );
		assert( set.status === 200, `zone ${ set.status } ${ set.body }` );
		const seeded = JSON.parse(
			(
				await control( '/__control/calendar', {
					action: 'christmas-eve',
				} )
			).body
		);
		const list = await listed();
		const byTitle = Object.fromEntries(
			list.items
				.filter( ( e ) => seeded.events.some( ( s ) => s.id === e.id ) )
				.map( ( e ) => [ e.summary, e ] )
		);
		assert( list.zone === zone, `list timeZone ${ list.zone }` );
		return [ seeded.date, byTitle, list ];
	};

	await check(
		'Google calendar zone: offsets of the zone, all-day dates in local days, timeZone on some events only; reset is UTC again',
		async () => {
			const [ date, la, list ] = await eve( 'America/Los_Angeles' );
			assert( /^\d{4}-12-24$/.test( date ), `date ${ date }` );
			const allDay = la[ 'Studio closed' ];
			const next = new Date(
				Date.parse( `${ date }T00:00:00Z` ) + 86400000
			)
				.toISOString()
				.slice( 0, 10 );
			assert(
				allDay.start.date === date &&
					allDay.end.date === next &&
					! allDay.start.dateTime,
				JSON.stringify( allDay.start ) + JSON.stringify( allDay.end )
			);
			const nine = la[ 'Christmas Eve call' ].start;
			assert(
				nine.dateTime === `${ date }T09:00:00-08:00` &&
					nine.timeZone === 'America/Los_Angeles' &&
					Date.parse( nine.dateTime ) ===
						Date.parse( `${ date }T17:00:00Z` ),
				JSON.stringify( nine )
			);
			const late = la[ 'Late-morning call' ].start;
			assert(
				late.dateTime === `${ date }T11:30:00-08:00` &&
					! ( 'timeZone' in late ),
				JSON.stringify( late )
			);
			const timed = list.items.filter( ( e ) => e.start.dateTime );
			assert(
				timed.every( ( e ) =>
					/[+-]0[78]:00$/.test( e.start.dateTime )
				) &&
					timed.some( ( e ) => e.start.timeZone ) &&
					timed.some( ( e ) => ! e.start.timeZone ),
				'seeded events: Los Angeles offsets, with and without timeZone'
			);
			// The all-day event starts at local midnight (08:00 UTC), not at UTC midnight.
			const before = await listed( {
				timeMin: `${ date }T00:00:00Z`,
				timeMax: `${ date }T07:59:00Z`,
			} );
			assert(
				! before.items.some( ( e ) => e.id === allDay.id ),
				'listed before its local midnight'
			);

			const [ day, kolkata ] = await eve( 'Asia/Kolkata' );
			const half = kolkata[ 'Christmas Eve call' ].start.dateTime;
			assert(
				half === `${ day }T09:00:00+05:30` &&
					Date.parse( half ) === Date.parse( `${ day }T03:30:00Z` ),
				half
			);
			const bad = await control( '/__control/calendar', {
				action: 'zone',
				zone: 'Mars/Olympus_Mons',
			} );
			assert( bad.status === 400, `unknown zone ${ bad.status }` );

			await control( '/__control/reset', {} );
			const utc = await listed();
			assert(
				utc.zone === 'UTC' &&
					utc.items
						.filter( ( e ) => e.start.dateTime )
						.every(
							( e ) =>
								e.start.dateTime.endsWith( 'Z' ) &&
								e.start.timeZone === 'UTC'
						),
				'reset: UTC again'
			);
		}
	);
}
