/**
 * The POT extractor reads what translators need from both languages and leaves out what is not
 * ours (run by the static layer of `npm test`: `node --test tools/makepot.test.mjs`).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

import { extract, POT_FILE, potDrift, renderPot } from './makepot.mjs';

const PHP = 'tests/fixtures/pot/sample.php';
const TSX = 'tests/fixtures/pot/sample.tsx';

test( 'PHP calls: every form, translator comments, joined literals; other domains and variables left out', () => {
	const entries = extract( [ PHP ], [] ).map( ( { file, ...rest } ) => {
		assert.equal( file, PHP );
		return rest;
	} );
	assert.deepEqual( entries, [
		{ line: 9, msgid: 'Plain text' },
		{
			line: 11,
			msgid: 'Connect %s',
			comment: 'translators: %s: provider name',
		},
		{ line: 12, msgid: 'One secret', msgid_plural: '%d secrets' },
		{ line: 13, msgid: 'Post', msgctxt: 'verb' },
		{ line: 14, msgid: 'Joined text' },
		{ line: 15, msgid: 'It\'s "quoted"' },
		{ line: 19, msgid: 'Plain text' },
	] );
} );

test( 'TypeScript calls: plurals with their comment, context, template literals; other domains left out', () => {
	const entries = extract( [], [ TSX ] ).map( ( { file, ...rest } ) => rest );
	assert.deepEqual( entries, [
		{ line: 7, msgid: 'Plain text' },
		{
			line: 10,
			msgid: '%1$d item in %2$s',
			msgid_plural: '%1$d items in %2$s',
			comment: 'translators: 1: count, 2: name',
		},
		{ line: 14, msgid: 'Post', msgctxt: 'noun' },
		{ line: 15, msgid: 'Template text' },
	] );
} );

test( 'the POT merges one text from both languages into one entry with both references, and keeps contexts apart', () => {
	const pot = renderPot( extract( [ PHP ], [ TSX ] ) );
	assert.match(
		pot,
		/#: tests\/fixtures\/pot\/sample\.php:9 tests\/fixtures\/pot\/sample\.php:19 tests\/fixtures\/pot\/sample\.tsx:7\nmsgid "Plain text"\nmsgstr ""/
	);
	assert.match( pot, /msgctxt "verb"\nmsgid "Post"/ );
	assert.match( pot, /msgctxt "noun"\nmsgid "Post"/ );
	assert.match( pot, /msgid "It's \\"quoted\\""/ );
	assert.match(
		pot,
		/#, php-format\nmsgid "%1\$d item in %2\$s"\nmsgid_plural "%1\$d items in %2\$s"\nmsgstr\[0\] ""\nmsgstr\[1\] ""/
	);
	assert.match( pot, /msgid "One secret"\nmsgid_plural "%d secrets"/ );
} );

test( 'the committed languages/syncwarden.pot is current and lives in the Domain Path the plugin header names', () => {
	assert.equal( potDrift(), null );
} );

test( 'a POT missing one string, or missing altogether, is reported with the command that fixes it', () => {
	const dir = fs.mkdtempSync( path.join( os.tmpdir(), 'syncwarden-pot-' ) );
	const stale = path.join( dir, 'syncwarden.pot' );
	fs.writeFileSync(
		stale,
		fs
			.readFileSync( POT_FILE, 'utf8' )
			.replace( /\n\n#: [^\n]*\nmsgid "Open Connections"\nmsgstr ""/, '' )
	);
	assert.match( potDrift( stale ), /is out of date: run `npm run build`/ );
	assert.match( potDrift( path.join( dir, 'none.pot' ) ), /is missing/ );
	fs.rmSync( dir, { recursive: true } );
} );

test( 'a POT whose only difference is the line numbers in its references is current; one naming another file is not', () => {
	const dir = fs.mkdtempSync( path.join( os.tmpdir(), 'syncwarden-pot-' ) );
	const moved = path.join( dir, 'syncwarden.pot' );
	const text = fs.readFileSync( POT_FILE, 'utf8' );
	fs.writeFileSync( moved, text.replace( /^(#: \S+?):\d+/m, '$1:99999' ) );
	assert.equal( potDrift( moved ), null );
	fs.writeFileSync(
		moved,
		text.replace( /^#: (\S+?):(\d+)/m, '#: includes/Elsewhere.php:$2' )
	);
	assert.match( potDrift( moved ), /is out of date/ );
	fs.rmSync( dir, { recursive: true } );
} );
