/**
 * In-memory HubSpot and Zoho CRM contact stores with the providers' own
 * duplicate rules and error bodies, for export tests.
 * Routes are `[ method, path pattern below /api/<provider>, handler ]`;
 * a handler gets `{ params, query, body }` and returns `[ status, body ]`.
 */

const iso = ( ms = Date.now() ) => new Date( ms ).toISOString();
const lower = ( value ) => String( value ?? '' ).toLowerCase();
const isObject = ( value ) =>
	value !== null && typeof value === 'object' && ! Array.isArray( value );

// HubSpot: email is unique (case-insensitive); ids are numeric strings.
export function hubspotRoutes() {
	const contacts = new Map(); // id -> { id, properties, createdAt, updatedAt, archived }
	let nextId = 501;

	const notFound = [
		404,
		{
			status: 'error',
			category: 'OBJECT_NOT_FOUND',
			message: 'resource not found',
		},
	];
	const invalid = ( message ) => [
		400,
		{ status: 'error', category: 'VALIDATION_ERROR', message },
	];
	const byEmail = ( email ) =>
		[ ...contacts.values() ].find(
			( c ) => lower( c.properties.email ) === lower( email )
		);
	const conflict = ( existing ) => [
		409,
		{
			status: 'error',
			category: 'CONFLICT',
			message: `Contact already exists. Existing ID: ${ existing.id }`,
		},
	];
	// `/contacts/:id`, or `/contacts/:email?idProperty=email`
	const find = ( key, query ) =>
		query.get( 'idProperty' ) === 'email'
			? byEmail( key )
			: contacts.get( key );

	return [
		[
			'POST',
			/^\/crm\/v3\/objects\/contacts$/,
			( { body } ) => {
				if ( ! isObject( body?.properties ) ) {
					return invalid( 'properties is required' );
				}
				const existing =
					body.properties.email && byEmail( body.properties.email );
				if ( existing ) {
					return conflict( existing );
				}
				const id = String( nextId++ );
				const now = iso();
				const contact = {
					id,
					properties: {
						...body.properties,
						createdate: now,
						lastmodifieddate: now,
						hs_object_id: id,
					},
					createdAt: now,
					updatedAt: now,
					archived: false,
				};
				contacts.set( id, contact );
				return [ 201, contact ];
			},
		],
		[
			'PATCH',
			/^\/crm\/v3\/objects\/contacts\/([^/]+)$/,
			( { params, query, body } ) => {
				const contact = find( params[ 0 ], query );
				if ( ! contact ) {
					return notFound;
				}
				if ( ! isObject( body?.properties ) ) {
					return invalid( 'properties is required' );
				}
				const clash =
					body.properties.email && byEmail( body.properties.email );
				if ( clash && clash !== contact ) {
					return conflict( clash );
				}
				contact.updatedAt = iso();
				Object.assign( contact.properties, body.properties, {
					lastmodifieddate: contact.updatedAt,
				} );
				return [ 200, contact ];
			},
		],
		[
			'GET',
			/^\/crm\/v3\/objects\/contacts\/([^/]+)$/,
			( { params, query } ) => {
				const contact = find( params[ 0 ], query );
				return contact ? [ 200, contact ] : notFound;
			},
		],
	];
}

// Zoho: upsert matches on duplicate_check_fields (default Email); Last_Name is mandatory.
export function zohoRoutes() {
	const contacts = []; // { id, fields }
	let nextId = 1;

	const result = ( record, action, duplicateField = null ) => ( {
		code: 'SUCCESS',
		duplicate_field: duplicateField,
		action,
		details: {
			id: record.id,
			Created_Time: record.fields.Created_Time,
			Modified_Time: record.fields.Modified_Time,
		},
		message: action === 'update' ? 'record updated' : 'record added',
		status: 'success',
	} );
	const mandatory = ( apiName, jsonPath ) => ( {
		code: 'MANDATORY_NOT_FOUND',
		details: { api_name: apiName, json_path: jsonPath },
		message: 'required field not found',
		status: 'error',
	} );

	function upsert( input, fields, i ) {
		if ( ! isObject( input ) || ! input.Last_Name ) {
			return mandatory( 'Last_Name', `$.data[${ i }].Last_Name` );
		}
		const now = iso().replace( /\.\d+Z$/, '+00:00' );
		// The first field that matches an existing record wins, as in Zoho.
		for ( const field of fields.filter( ( f ) => input[ f ] ) ) {
			const match = contacts.find(
				( c ) => lower( c.fields[ field ] ) === lower( input[ field ] )
			);
			if ( match ) {
				Object.assign( match.fields, input, { Modified_Time: now } );
				return result( match, 'update', field );
			}
		}
		const id = String( 4876876000000000000n + BigInt( nextId++ ) );
		const record = {
			id,
			fields: { ...input, id, Created_Time: now, Modified_Time: now },
		};
		contacts.push( record );
		return result( record, 'insert' );
	}

	return [
		[
			'POST',
			/^\/crm\/v6\/Contacts\/upsert$/,
			( { body } ) => {
				if ( ! Array.isArray( body?.data ) || ! body.data.length ) {
					return [ 400, mandatory( 'data', '$.data' ) ];
				}
				const fields = Array.isArray( body.duplicate_check_fields )
					? body.duplicate_check_fields
					: [ 'Email' ];
				const data = body.data.map( ( input, i ) =>
					upsert( input, fields, i )
				);
				const failed = data.filter( ( d ) => d.status === 'error' );
				// All good 200, all failed 400, mixed 207 (Multi-Status).
				let status = 207;
				if ( ! failed.length ) {
					status = 200;
				} else if ( failed.length === data.length ) {
					status = 400;
				}
				return [ status, { data } ];
			},
		],
	];
}
