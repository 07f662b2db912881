/**
 * Minimal HTTPS client for the peer tools: one request, no redirects followed,
 * trusting an extra CA when given. (Node 20's fetch cannot take a CA without
 * installing undici, and following redirects must stay under our control.)
 */
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

const caCache = new Map();

function loadCa( path ) {
	if ( ! caCache.has( path ) ) {
		caCache.set( path, readFileSync( path ) );
	}
	return caCache.get( path );
}

/**
 * @param {string|URL} url
 * @param {Object}     [options]
 * @param {string}     [options.method]
 * @param {Object}     [options.headers]
 * @param {string}     [options.body]
 * @param {string}     [options.ca]      Path of a PEM CA to trust (besides the system ones).
 * @param {Object}     [options.tls]     Extra TLS options (minVersion, ciphers, ...).
 * @return {Promise<{status:number, headers:Object, body:string}>} The response.
 */
export function request(
	url,
	{ method = 'GET', headers = {}, body, ca, tls = {} } = {}
) {
	url = new URL( url );
	const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
	const all = { ...headers };
	if ( body !== undefined ) {
		all[ 'Content-Length' ] = Buffer.byteLength( body );
	}
	return new Promise( ( resolve, reject ) => {
		const req = send(
			url,
			{
				method,
				headers: all,
				agent: false,
				...( ca ? { ca: loadCa( ca ) } : {} ),
				...tls,
			},
			( res ) => {
				const chunks = [];
				res.on( 'data', ( chunk ) => chunks.push( chunk ) );
				res.on( 'end', () =>
					resolve( {
						status: res.statusCode,
						headers: res.headers,
						body: Buffer.concat( chunks ).toString( 'utf8' ),
					} )
				);
				res.on( 'error', reject );
			}
		);
		req.on( 'error', reject );
		req.setTimeout( 30000, () =>
			req.destroy( new Error( `timeout: ${ method } ${ url }` ) )
		);
		req.end( body );
	} );
}

export const form = ( fields ) => new URLSearchParams( fields ).toString();

export const FORM_HEADERS = {
	'Content-Type': 'application/x-www-form-urlencoded',
};
