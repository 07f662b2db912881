/**
 * `languages/syncwarden.pot`: every string the plugin translates, from the PHP (through PHP's own
 * tokenizer, tools/makepot-php.php) and from the TypeScript sources (through the TypeScript
 * compiler's parser, already a dependency), plus the plugin header fields WordPress translates.
 *
 *   node tools/makepot.mjs           writes the file (run by `npm run build` and the plugin zip)
 *   node tools/makepot.mjs --check   exits 1 when the committed file is not current (npm test)
 *
 * The output is deterministic (no creation date, sorted references), so "current" is a byte
 * comparison and a stale POT is a failing test rather than a noisy diff.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import ts from 'typescript';

import { trackedFiles } from './secret-scan.mjs';
import { log, ROOT } from './wordpress.mjs';

export const POT_FILE = path.join( ROOT, 'languages', 'syncwarden.pot' );
const DOMAIN = 'syncwarden';

// The @wordpress/i18n functions: argument roles in order (null: the number, not text).
const JS_KEYWORDS = {
	__: [ 'msgid', 'domain' ],
	_x: [ 'msgid', 'msgctxt', 'domain' ],
	_n: [ 'msgid', 'msgid_plural', null, 'domain' ],
	_nx: [ 'msgid', 'msgid_plural', null, 'msgctxt', 'domain' ],
};

/** The files whose strings ship: what the zip holds, never tests or tooling. */
function sourceFiles() {
	const php = trackedFiles( '*.php' ).filter(
		( file ) =>
			[ 'plugin.php', 'uninstall.php' ].includes( file ) ||
			file.startsWith( 'includes/' )
	);
	const js = [ ...trackedFiles( '*.ts' ), ...trackedFiles( '*.tsx' ) ].filter(
		( file ) =>
			file.startsWith( 'src/' ) &&
			! /\.test\.tsx?$/.test( file ) &&
			! /test-(setup|fixtures)\.ts$/.test( file ) &&
			! file.endsWith( '.d.ts' )
	);
	return { php: php.sort(), js: js.sort() };
}

function phpEntries( files ) {
	const json = execFileSync(
		'php',
		[ path.join( 'tools', 'makepot-php.php' ), ...files ],
		{ cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }
	);
	return JSON.parse( json );
}

/**
 * A literal argument's text: a string, a template without substitutions, or `+` of those.
 * @param {ts.Expression|undefined} node Argument.
 * @return {string|null} Its text, or null when it is not a literal.
 */
function literal( node ) {
	if ( ! node ) {
		return null;
	}
	if (
		ts.isStringLiteral( node ) ||
		ts.isNoSubstitutionTemplateLiteral( node )
	) {
		return node.text;
	}
	if ( ts.isParenthesizedExpression( node ) ) {
		return literal( node.expression );
	}
	if (
		ts.isBinaryExpression( node ) &&
		node.operatorToken.kind === ts.SyntaxKind.PlusToken
	) {
		const left = literal( node.left );
		const right = literal( node.right );
		return left === null || right === null ? null : left + right;
	}
	return null;
}

function calleeName( call ) {
	const callee = call.expression;
	if ( ts.isIdentifier( callee ) ) {
		return callee.text;
	}
	return ts.isPropertyAccessExpression( callee ) ? callee.name.text : '';
}

/**
 * `translators:` comments of a file with the line each ends on.
 * @param {ts.SourceFile} source Parsed file.
 */
function translatorComments( source ) {
	const text = source.getFullText();
	const seen = new Map();
	const visit = ( node ) => {
		for ( const range of ts.getLeadingCommentRanges( text, node.pos ) ??
			[] ) {
			const body = text.slice( range.pos, range.end );
			if ( /translators:/i.test( body ) && ! seen.has( range.pos ) ) {
				seen.set( range.pos, {
					pos: range.pos,
					line: source.getLineAndCharacterOfPosition( range.end )
						.line,
					text: body
						.replace( /^\/\*+|\*\/$|^\/\//g, '' )
						.replace( /\s*\n\s*\*?\s*/g, ' ' )
						.trim(),
					used: false,
				} );
			}
		}
		ts.forEachChild( node, visit );
	};
	visit( source );
	return [ ...seen.values() ].sort( ( a, b ) => a.pos - b.pos );
}

/**
 * The same rule as the PHP half: the last unused comment before the call, ending a line above or on it.
 * @param {Object[]} comments From translatorComments(); the one returned is marked used.
 * @param {number}   pos      Where the call starts.
 * @param {number}   line     Its line (0-based).
 */
function claimComment( comments, pos, line ) {
	for ( let i = comments.length - 1; i >= 0; i-- ) {
		const comment = comments[ i ];
		if ( comment.pos > pos ) {
			continue;
		}
		if ( comment.line < line - 1 ) {
			return null;
		}
		if ( ! comment.used ) {
			comment.used = true;
			return comment.text;
		}
	}
	return null;
}

function callEntry( call, roles ) {
	const entry = {};
	for ( const [ index, role ] of roles.entries() ) {
		if ( role === null ) {
			continue;
		}
		const value = literal( call.arguments[ index ] );
		if ( value === null ) {
			return null;
		}
		entry[ role ] = value;
	}
	if ( entry.domain !== DOMAIN ) {
		return null;
	}
	delete entry.domain;
	return entry;
}

function jsEntries( files ) {
	const found = [];
	for ( const file of files ) {
		const source = ts.createSourceFile(
			file,
			fs.readFileSync( path.join( ROOT, file ), 'utf8' ),
			ts.ScriptTarget.Latest,
			true,
			file.endsWith( '.tsx' ) ? ts.ScriptKind.TSX : ts.ScriptKind.TS
		);
		const comments = translatorComments( source );
		const visit = ( node ) => {
			const roles =
				ts.isCallExpression( node ) &&
				Object.hasOwn( JS_KEYWORDS, calleeName( node ) )
					? JS_KEYWORDS[ calleeName( node ) ]
					: null;
			const entry = roles && callEntry( node, roles );
			if ( entry ) {
				const start = node.getStart( source );
				const line = source.getLineAndCharacterOfPosition( start ).line;
				const comment = claimComment( comments, start, line );
				found.push( {
					file,
					line: line + 1,
					...entry,
					...( comment ? { comment } : {} ),
				} );
			}
			ts.forEachChild( node, visit );
		};
		visit( source );
	}
	return found;
}

/** The header fields WordPress translates (as WP-CLI's make-pot names them). */
function headerEntries() {
	const header = fs.readFileSync( path.join( ROOT, 'plugin.php' ), 'utf8' );
	return [ 'Plugin Name', 'Plugin URI', 'Description', 'Author' ].flatMap(
		( field ) => {
			const value = header.match(
				new RegExp( `^ \\* ${ field }:\\s*(.+)$`, 'm' )
			)?.[ 1 ];
			return value
				? [
						{
							msgid: value.trim(),
							header: `${ field } of the plugin`,
						},
					]
				: [];
		}
	);
}

function quote( text ) {
	const escaped = text
		.replace( /\\/g, '\\\\' )
		.replace( /"/g, '\\"' )
		.replace( /\t/g, '\\t' );
	const lines = escaped.split( '\n' );
	if ( lines.length === 1 ) {
		return `"${ escaped }"`;
	}
	return [
		'""',
		...lines
			.map( ( part, i ) =>
				i < lines.length - 1 ? `${ part }\\n` : part
			)
			.filter( ( part ) => part !== '' )
			.map( ( part ) => `"${ part }"` ),
	].join( '\n' );
}

/**
 * Entries merged by context and text, keeping every reference and translator comment.
 * @param {Object[]} entries Extracted entries.
 */
function merge( entries ) {
	const merged = new Map();
	for ( const entry of entries ) {
		const key = `${ entry.msgctxt ?? '' }\u0004${ entry.msgid }`;
		const into = merged.get( key ) ?? {
			...entry,
			comments: new Set(),
			references: [],
		};
		if ( entry.comment ) {
			into.comments.add( entry.comment );
		}
		if ( entry.file ) {
			into.references.push( `${ entry.file }:${ entry.line }` );
		}
		into.msgid_plural ??= entry.msgid_plural;
		merged.set( key, into );
	}
	return [ ...merged.values() ];
}

function render( entry ) {
	const lines = [];
	if ( entry.header ) {
		lines.push( `#. ${ entry.header }` );
	}
	for ( const comment of entry.comments ) {
		lines.push( `#. ${ comment }` );
	}
	if ( entry.references.length ) {
		lines.push( `#: ${ entry.references.join( ' ' ) }` );
	}
	const text = entry.msgid + ( entry.msgid_plural ?? '' );
	if ( /%(\d+\$)?[-+ 0#]*\d*(\.\d+)?[bcdeEfFgGosuxX]/.test( text ) ) {
		lines.push( '#, php-format' );
	}
	if ( entry.msgctxt !== undefined ) {
		lines.push( `msgctxt ${ quote( entry.msgctxt ) }` );
	}
	lines.push( `msgid ${ quote( entry.msgid ) }` );
	if ( entry.msgid_plural !== undefined ) {
		lines.push( `msgid_plural ${ quote( entry.msgid_plural ) }` );
		lines.push( 'msgstr[0] ""', 'msgstr[1] ""' );
	} else {
		lines.push( 'msgstr ""' );
	}
	return lines.join( '\n' );
}

/**
 * Every translatable call in the given files, one entry per call, in file order.
 * @param {string[]} php PHP files, relative to the repository root.
 * @param {string[]} js  TypeScript files, likewise.
 * @return {Object[]} { file, line, msgid, msgid_plural?, msgctxt?, comment? } each.
 */
export function extract( php, js ) {
	return [ ...( php.length ? phpEntries( php ) : [] ), ...jsEntries( js ) ];
}

function potHeader() {
	const version = fs
		.readFileSync( path.join( ROOT, 'plugin.php' ), 'utf8' )
		.match( /^ \* Version:\s*(\S+)/m )[ 1 ];
	return [
		'# Copyright (C) SyncWarden',
		'# This file is distributed under the GPL-2.0-or-later.',
		'# Generated by tools/makepot.mjs (npm run build); do not edit.',
		'msgid ""',
		'msgstr ""',
		`"Project-Id-Version: SyncWarden ${ version }\\n"`,
		'"MIME-Version: 1.0\\n"',
		'"Content-Type: text/plain; charset=UTF-8\\n"',
		'"Content-Transfer-Encoding: 8bit\\n"',
		'"PO-Revision-Date: YEAR-MO-DA HO:MI+ZONE\\n"',
		'"Last-Translator: FULL NAME <EMAIL@ADDRESS>\\n"',
		'"Language-Team: LANGUAGE <LL@li.org>\\n"',
		`"X-Domain: ${ DOMAIN }\\n"`,
	].join( '\n' );
}

/**
 * A POT from extracted entries: one per text and context, with every reference and comment.
 * @param {Object[]} entries From extract() (and the header fields).
 * @return {string} The file's text.
 */
export function renderPot( entries ) {
	return `${ [ potHeader(), ...merge( entries ).map( render ) ].join( '\n\n' ) }\n`;
}

/** The plugin's POT as text. */
export function makePot() {
	const { php, js } = sourceFiles();
	return renderPot( [ ...headerEntries(), ...extract( php, js ) ] );
}

/**
 * The POT with its reference line numbers taken out. Why: a string that only moved within its file
 * changes nothing a translator sees, and the zip regenerates the file anyway; a new, changed or
 * removed string, a new file or a changed translator comment still counts as drift.
 * @param {string} text POT text.
 */
function withoutLines( text ) {
	return text.replace( /^#: .*$/gm, ( refs ) =>
		refs.replace( /:\d+(?=\s|$)/g, '' )
	);
}

/**
 * Null when the POT is current, otherwise what to do.
 * @param {string} file The POT to compare (the committed one unless a test names another).
 */
export function potDrift( file = POT_FILE ) {
	const current = fs.existsSync( file )
		? fs.readFileSync( file, 'utf8' )
		: null;
	const domainPath = fs
		.readFileSync( path.join( ROOT, 'plugin.php' ), 'utf8' )
		.match( /^ \* Domain Path:\s*(\S+)/m )?.[ 1 ];
	if (
		`/${ path.relative( ROOT, path.dirname( POT_FILE ) ) }` !== domainPath
	) {
		return `plugin.php's Domain Path (${ domainPath }) is not the folder of the POT (languages/).`;
	}
	if (
		current !== null &&
		withoutLines( current ) === withoutLines( makePot() )
	) {
		return null;
	}
	return `${ path.relative( ROOT, file ) } is ${ current === null ? 'missing' : 'out of date' }: run \`npm run build\` (or \`node tools/makepot.mjs\`) and commit it.`;
}

export function writePot() {
	fs.mkdirSync( path.dirname( POT_FILE ), { recursive: true } );
	fs.writeFileSync( POT_FILE, makePot() );
}

if ( import.meta.url === `file://${ process.argv[ 1 ] }` ) {
	if ( process.argv.includes( '--check' ) ) {
		const drift = potDrift();
		process.stdout.write(
			`${ drift ?? 'languages/syncwarden.pot is current' }\n`
		);
		process.exit( drift ? 1 : 0 );
	}
	writePot();
	log( `${ path.relative( ROOT, POT_FILE ) } written` );
}
