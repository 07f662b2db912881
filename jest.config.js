/**
 * wp-scripts' Jest preset, plus: transform the ESM-only packages some @wordpress dependencies
 * pull in (uuid, @wordpress/theme), and keep Jest out of the WordPress folder and e2e tests.
 */
const path = require( 'path' );
const base = require( '@wordpress/scripts/config/jest-unit.config.js' );

const babel = path.join(
	path.dirname( require.resolve( '@wordpress/scripts/package.json' ) ),
	'config',
	'babel-transform'
);

module.exports = {
	...base,
	rootDir: __dirname,
	roots: [ '<rootDir>/src' ],
	testPathIgnorePatterns: [ '/node_modules/', '/.wordpress/', '/tests/e2e/' ],
	transform: { '\\.m?[jt]sx?$': babel },
	setupFilesAfterEnv: [ '<rootDir>/src/test-setup.ts' ],
	transformIgnorePatterns: [ '/node_modules/(?!(uuid|@wordpress/theme)/)' ],
};
