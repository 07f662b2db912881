/**
 * Ports for a test run that cannot collide with a running `npm start` (or anything else): the
 * defaults when they are free, otherwise free ones the kernel hands out.
 */
import net from 'node:net';

// What the caller set before we chose anything: those ports are never second-guessed.
const CALLER_ENV = { ...process.env };

/**
 * Whether we choose this port (the caller did not set it).
 * @param {string} name Environment variable.
 */
export function choosesPort( name ) {
	return ! CALLER_ENV[ name ];
}

function isFree( port ) {
	return new Promise( ( resolve ) => {
		const server = net.createServer();
		server.once( 'error', () => resolve( false ) );
		server.listen( { port, host: '127.0.0.1', exclusive: true }, () =>
			server.close( () => resolve( true ) )
		);
	} );
}

async function allFree( base, offsets ) {
	for ( const offset of offsets ) {
		if ( base + offset > 65535 || ! ( await isFree( base + offset ) ) ) {
			return false;
		}
	}
	return true;
}

/**
 * A base port whose `base + offset` ports are all free: the preferred one if it is, else a random
 * one from the unprivileged range below the kernel's ephemeral range.
 *
 * @param {number}   preferred Default base port.
 * @param {number[]} offsets   Offsets that must be free too (0 included).
 * @return {Promise<number>} Base port.
 */
export async function freeBase( preferred, offsets ) {
	if ( await allFree( preferred, offsets ) ) {
		return preferred;
	}
	const span = Math.max( ...offsets );
	for ( let attempt = 0; attempt < 50; attempt++ ) {
		const base = 20000 + Math.floor( Math.random() * ( 30000 - span ) );
		if ( await allFree( base, offsets ) ) {
			return base;
		}
	}
	throw new Error(
		`No free ports near ${ preferred } (offsets ${ offsets.join( ', ' ) }).`
	);
}

/**
 * Sets an environment port variable (when the caller did not) to a free base, saying so when the
 * default was taken. Call it just before the port is bound: chosen at start, a port can be taken
 * by a run that starts meanwhile.
 *
 * @param {string}   name      Environment variable.
 * @param {number}   preferred Default.
 * @param {number[]} offsets   Offsets that must be free too.
 * @param {Function} log       Logger.
 */
export async function choosePort( name, preferred, offsets, log ) {
	if ( ! choosesPort( name ) ) {
		return; // Chosen by the caller (a parallel slot).
	}
	const base = await freeBase( preferred, offsets );
	if ( base !== preferred ) {
		log(
			`port ${ preferred } is in use (is npm start running?); this run uses ${ base } for ${ name }`
		);
	}
	process.env[ name ] = String( base );
}
