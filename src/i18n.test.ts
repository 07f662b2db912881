import fs from 'node:fs';
import path from 'node:path';

import ts from 'typescript';

/*
 * Every word the admin sees must go through @wordpress/i18n, or translators never get it. This is
 * a heuristic over the syntax tree of each component, not a full data-flow analysis: it looks
 * where user-facing text is written directly in JSX (text children, text in `{ … }`, and the
 * props that core components show as text) and flags any literal with a letter in it.
 */

/** Props whose string value core components (and ours) put on screen or read out. */
const TEXT_PROPS = new Set( [
	'label',
	'help',
	'title',
	'placeholder',
	'aria-label',
	'alt',
	'confirmLabel',
] );

const HAS_LETTER = /\p{L}/u;

type Finding = { file: string; line: number; text: string };

/**
 * The literal text an expression can evaluate to without a call: string and template literals,
 * and the branches of `?:`, `&&`, `||` and `??`. Calls (`__()`, `sprintf()`) are not entered:
 * translated text arrives through them.
 */
function literalTexts( expression: ts.Expression ): ts.Node[] {
	if (
		ts.isStringLiteral( expression ) ||
		ts.isNoSubstitutionTemplateLiteral( expression )
	) {
		return [ expression ];
	}
	if ( ts.isTemplateExpression( expression ) ) {
		return [
			expression.head,
			...expression.templateSpans.map( ( span ) => span.literal ),
		];
	}
	if ( ts.isParenthesizedExpression( expression ) ) {
		return literalTexts( expression.expression );
	}
	if ( ts.isConditionalExpression( expression ) ) {
		return [
			...literalTexts( expression.whenTrue ),
			...literalTexts( expression.whenFalse ),
		];
	}
	if (
		ts.isBinaryExpression( expression ) &&
		[
			ts.SyntaxKind.AmpersandAmpersandToken,
			ts.SyntaxKind.BarBarToken,
			ts.SyntaxKind.QuestionQuestionToken,
		].includes( expression.operatorToken.kind )
	) {
		return [
			...literalTexts( expression.left ),
			...literalTexts( expression.right ),
		];
	}
	return [];
}

function textOf( node: ts.Node ): string {
	if ( ts.isJsxText( node ) ) {
		return node.text.trim();
	}
	if (
		ts.isStringLiteral( node ) ||
		ts.isNoSubstitutionTemplateLiteral( node ) ||
		ts.isTemplateHead( node ) ||
		ts.isTemplateMiddle( node ) ||
		ts.isTemplateTail( node )
	) {
		return node.text;
	}
	return '';
}

/** Untranslated user-facing strings in one TSX source. */
function findUntranslatedStrings( source: string, file: string ): Finding[] {
	const tree = ts.createSourceFile(
		file,
		source,
		ts.ScriptTarget.Latest,
		true,
		ts.ScriptKind.TSX
	);
	const suspects: ts.Node[] = [];
	const visit = ( node: ts.Node ) => {
		if ( ts.isJsxText( node ) ) {
			suspects.push( node );
		} else if (
			ts.isJsxExpression( node ) &&
			node.expression &&
			( ts.isJsxElement( node.parent ) ||
				ts.isJsxFragment( node.parent ) )
		) {
			suspects.push( ...literalTexts( node.expression ) );
		} else if (
			ts.isJsxAttribute( node ) &&
			TEXT_PROPS.has( node.name.getText( tree ) ) &&
			node.initializer
		) {
			if ( ts.isStringLiteral( node.initializer ) ) {
				suspects.push( node.initializer );
			} else if (
				ts.isJsxExpression( node.initializer ) &&
				node.initializer.expression
			) {
				suspects.push( ...literalTexts( node.initializer.expression ) );
			}
		}
		ts.forEachChild( node, visit );
	};
	visit( tree );

	return suspects
		.filter( ( node ) => HAS_LETTER.test( textOf( node ) ) )
		.map( ( node ) => ( {
			file,
			line:
				tree.getLineAndCharacterOfPosition( node.getStart( tree ) )
					.line + 1,
			text: textOf( node ),
		} ) );
}

/** The app's components: every .tsx under src/ except tests. */
function componentFiles( dir: string ): string[] {
	return fs
		.readdirSync( dir, { withFileTypes: true } )
		.flatMap( ( entry ) => {
			const full = path.join( dir, entry.name );
			if ( entry.isDirectory() ) {
				return componentFiles( full );
			}
			return entry.name.endsWith( '.tsx' ) &&
				! entry.name.endsWith( '.test.tsx' )
				? [ full ]
				: [];
		} );
}

describe( 'i18n: user-facing strings go through __() / _n() / sprintf()', () => {
	it( 'flags literal JSX text, text props and literals in JSX expressions', () => {
		const source = `
			export const Bad = ( { on }: { on: boolean } ) => (
				<div>
					Hello there
					<TextControl label="Client ID" help={ 'Stored encrypted' } />
					<Button aria-label={ \`Close \${ name }\` } />
					{ on ? 'Enabled' : __( 'Disabled', 'syncwarden' ) }
					{ on && 'Shown' }
				</div>
			);`;

		expect(
			findUntranslatedStrings( source, 'Bad.tsx' ).map(
				( finding ) => finding.text
			)
		).toEqual( [
			'Hello there',
			'Client ID',
			'Stored encrypted',
			'Close ',
			'Enabled',
			'Shown',
		] );
	} );

	it( 'accepts translated text, punctuation, numbers and non-text props', () => {
		const source = `
			export const Good = ( { count, id }: { count: number; id: string } ) => (
				<Card className="syncwarden-card" id={ \`syncwarden-\${ id }\` }>
					<h2>{ __( 'Connections', 'syncwarden' ) }</h2>
					<p>
						{ sprintf( _n( '%d job', '%d jobs', count, 'syncwarden' ), count ) }{ ' ' }
						– 42 ·
					</p>
					<TextControl type="search" label={ __( 'Search', 'syncwarden' ) } />
					<Button variant="primary" title={ count > 1 ? __( 'Many', 'syncwarden' ) : '' } />
				</Card>
			);`;

		expect( findUntranslatedStrings( source, 'Good.tsx' ) ).toEqual( [] );
	} );

	it( 'finds no untranslated user-facing string in the admin app', () => {
		const files = componentFiles( __dirname );
		expect( files.length ).toBeGreaterThan( 15 );

		const findings = files.flatMap( ( file ) =>
			findUntranslatedStrings(
				fs.readFileSync( file, 'utf8' ),
				path.relative( __dirname, file )
			)
		);

		expect(
			findings.map(
				( { file, line, text } ) => `${ file }:${ line } "${ text }"`
			)
		).toEqual( [] );
	} );

	it( 'hands the admin script its translations (wp_set_script_translations with the text domain)', () => {
		const settingsPage = fs.readFileSync(
			path.join( __dirname, '../includes/Admin/SettingsPage.php' ),
			'utf8'
		);

		expect( settingsPage ).toMatch(
			/wp_set_script_translations\(\s*self::SCRIPT_HANDLE,\s*'syncwarden'/
		);
		// The same handle is the one enqueued, so the translations reach the app's own script.
		expect( settingsPage ).toMatch(
			/wp_enqueue_script\(\s*self::SCRIPT_HANDLE,/
		);
	} );
} );
