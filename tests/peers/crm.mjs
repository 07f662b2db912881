/**
 * In-memory HubSpot and Zoho CRM contact stores with the providers' own
 * duplicate rules and error bodies, for export tests.
 * Routes are `[ method, path pattern below /api/<provider>, handler ]`;
 * a handler gets `{ params, query, body }` and returns `[ status, body ]`.
 */

import { randomUUID } from 'node:crypto';

const iso = ( ms = Date.now() ) => new Date( ms ).toISOString();
const lower = ( value ) => String( value ?? '' ).toLowerCase();
const isObject = ( value ) =>
	value !== null && typeof value === 'object' && ! Array.isArray( value );

// HubSpot CRM v3 contacts (HubSpot-public-api-spec-collection,
// PublicApiSpecs/CRM/Contacts/Rollouts/424/v3/contacts.json): email is unique
// (case-insensitive); ids are numeric strings; `properties` is an object of
// string values naming existing properties; errors carry status, category,
// message and correlationId, validation errors also errors[].
// The properties SyncWarden sends; any other is unknown to this peer.
const HUBSPOT_PROPERTIES = new Set( [
	'email',
	'firstname',
	'lastname',
	'phone',
] );
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function hubspotRoutes() {
	const contacts = new Map(); // id -> { id, properties, createdAt, updatedAt, archived }
	let nextId = 501;

	const error = ( status, category, message, extra = {} ) => [
		status,
		{
			status: 'error',
			message,
			correlationId: randomUUID(),
			category,
			...extra,
		},
	];
	const notFound = () =>
		error( 404, 'OBJECT_NOT_FOUND', 'resource not found' );
	// One refused property, in HubSpot's form: the items are also quoted as
	// JSON inside `message`.
	const refused = ( name, code, text ) => {
		const item = { isValid: false, message: text, error: code, name };
		return error(
			400,
			'VALIDATION_ERROR',
			`Property values were not valid: ${ JSON.stringify( [ item ] ) }`,
			{
				errors: [
					{
						message: text,
						code,
						context: { propertyName: [ name ] },
					},
				],
			}
		);
	};
	// `properties` must be an object of strings naming existing properties.
	function validate( body ) {
		if ( ! isObject( body?.properties ) ) {
			return error(
				400,
				'VALIDATION_ERROR',
				'Invalid input JSON: properties must be an object'
			);
		}
		for ( const [ name, value ] of Object.entries( body.properties ) ) {
			if ( ! HUBSPOT_PROPERTIES.has( name ) ) {
				return refused(
					name,
					'PROPERTY_DOESNT_EXIST',
					`Property "${ name }" does not exist`
				);
			}
			if ( typeof value !== 'string' ) {
				return refused(
					name,
					'INVALID_PROPERTY_VALUE',
					`${ name } must be a string`
				);
			}
			if ( name === 'email' && ! EMAIL.test( value ) ) {
				return refused(
					name,
					'INVALID_EMAIL',
					`Email address ${ value } is invalid`
				);
			}
		}
		return null;
	}
	const byEmail = ( email ) =>
		[ ...contacts.values() ].find(
			( c ) => lower( c.properties.email ) === lower( email )
		);
	const conflict = ( existing ) =>
		error(
			409,
			'CONFLICT',
			`Contact already exists. Existing ID: ${ existing.id }`
		);
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
				const invalid = validate( body );
				if ( invalid ) {
					return invalid;
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
					return notFound();
				}
				const invalid = validate( body );
				if ( invalid ) {
					return invalid;
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
				return contact ? [ 200, contact ] : notFound();
			},
		],
	];
}

// Zoho CRM v8 Records API (zoho/zohocrm-php-sdk-8.0 RecordOperations): insert
// POST /Contacts (Last_Name mandatory), update PUT /Contacts/{id} (only the
// fields given change), search GET /Contacts/search?email= (204 when nothing
// matches), upsert POST /Contacts/upsert (duplicate_check_fields, default
// Email; Last_Name mandatory only when it inserts). Per-record results in
// data[]: all good 200/201, all failed 400, mixed 207.
// The fields SyncWarden sends; this peer refuses others (fails safe).
const ZOHO_FIELDS = new Set( [ 'Email', 'First_Name', 'Last_Name', 'Phone' ] );

export function zohoRoutes() {
	const contacts = []; // { id, fields }
	let nextId = 1;
	const owner = { name: 'Sandbox User', id: '4876876000000000001' };

	const result = ( record, action, duplicateField ) => ( {
		code: 'SUCCESS',
		...( duplicateField === undefined
			? {}
			: { duplicate_field: duplicateField, action } ),
		details: {
			Modified_Time: record.fields.Modified_Time,
			Modified_By: owner,
			Created_Time: record.fields.Created_Time,
			id: record.id,
			Created_By: owner,
		},
		message: action === 'update' ? 'record updated' : 'record added',
		status: 'success',
	} );
	const failure = ( code, message, details ) => ( {
		code,
		details,
		message,
		status: 'error',
	} );
	const where = ( field, i ) => ( {
		api_name: field,
		json_path: `$.data[${ i }].${ field }`,
	} );
	// What Zoho refuses in one record; `inserting` adds the mandatory check.
	function refuse( input, i, inserting ) {
		if ( ! isObject( input ) ) {
			return failure(
				'INVALID_DATA',
				'invalid data',
				where( 'data', i )
			);
		}
		if ( inserting && ! input.Last_Name ) {
			return failure(
				'MANDATORY_NOT_FOUND',
				'required field not found',
				where( 'Last_Name', i )
			);
		}
		for ( const [ field, value ] of Object.entries( input ) ) {
			const bad =
				! ZOHO_FIELDS.has( field ) ||
				typeof value !== 'string' ||
				( field === 'Last_Name' && ! value ) ||
				( field === 'Email' && ! EMAIL.test( value ) );
			if ( bad ) {
				return failure( 'INVALID_DATA', 'invalid data', {
					...where( field, i ),
					...( field === 'Email'
						? { expected_data_type: 'email' }
						: {} ),
				} );
			}
		}
		return null;
	}
	const stamp = () => iso().replace( /\.\d+Z$/, '+00:00' );
	function insert( input ) {
		const now = stamp();
		const id = String( 4876876000000000000n + BigInt( nextId++ ) );
		const record = {
			id,
			fields: { ...input, Created_Time: now, Modified_Time: now },
		};
		contacts.push( record );
		return record;
	}
	function update( record, input ) {
		Object.assign( record.fields, input, { Modified_Time: stamp() } );
		return record;
	}
	function upsert( input, fields, i ) {
		// The first field that matches an existing record wins, as in Zoho.
		const match = isObject( input )
			? fields
					.filter( ( f ) => input[ f ] )
					.map( ( f ) => [
						f,
						contacts.find(
							( c ) =>
								lower( c.fields[ f ] ) === lower( input[ f ] )
						),
					] )
					.find( ( [ , found ] ) => found )
			: undefined;
		const refused = refuse( input, i, ! match );
		if ( refused ) {
			return refused;
		}
		return match
			? result( update( match[ 1 ], input ), 'update', match[ 0 ] )
			: result( insert( input ), 'insert', null );
	}
	const answer = ( data, ok ) => {
		const failed = data.filter( ( d ) => d.status === 'error' ).length;
		if ( ! failed ) {
			return [ ok, { data } ];
		}
		return [ failed === data.length ? 400 : 207, { data } ];
	};
	const records = ( body ) =>
		Array.isArray( body?.data ) &&
		body.data.length > 0 &&
		body.data.length <= 100;
	const noData = [
		400,
		failure( 'MANDATORY_NOT_FOUND', 'required field not found', {
			api_name: 'data',
			json_path: '$.data',
		} ),
	];
	const view = ( c ) => ( { ...c.fields, id: c.id } );

	const upsertRoute = ( { body } ) => {
		if ( ! records( body ) ) {
			return noData;
		}
		const fields = Array.isArray( body.duplicate_check_fields )
			? body.duplicate_check_fields
			: [ 'Email' ];
		return answer(
			body.data.map( ( input, i ) => upsert( input, fields, i ) ),
			200
		);
	};
	return [
		[ 'POST', /^\/crm\/v[68]\/Contacts\/upsert$/, upsertRoute ],
		[
			'POST',
			/^\/crm\/v8\/Contacts$/,
			( { body } ) =>
				records( body )
					? answer(
							body.data.map(
								( input, i ) =>
									refuse( input, i, true ) ??
									result( insert( input ), 'insert' )
							),
							201
						)
					: noData,
		],
		[
			'PUT',
			/^\/crm\/v8\/Contacts\/([^/]+)$/,
			( { params, body } ) => {
				if ( ! records( body ) || body.data.length !== 1 ) {
					return noData;
				}
				const record = contacts.find( ( c ) => c.id === params[ 0 ] );
				const input = body.data[ 0 ];
				const item = record
					? ( refuse( input, 0, false ) ??
						result( update( record, input ), 'update' ) )
					: failure(
							'INVALID_DATA',
							'the related id given seems to be invalid',
							where( 'id', 0 )
						);
				return answer( [ item ], 200 );
			},
		],
		[
			'GET',
			/^\/crm\/v8\/Contacts\/search$/,
			( { query } ) => {
				const email = query.get( 'email' );
				if ( ! email ) {
					return [
						400,
						failure(
							'REQUIRED_PARAM_MISSING',
							'One of the expected parameter is missing',
							{ param: 'criteria' }
						),
					];
				}
				const found = contacts.filter(
					( c ) => lower( c.fields.Email ) === lower( email )
				);
				if ( ! found.length ) {
					return [ 204, undefined ];
				}
				return [
					200,
					{
						data: found.map( view ),
						info: {
							per_page: 200,
							count: found.length,
							page: 1,
							more_records: false,
						},
					},
				];
			},
		],
	];
}
