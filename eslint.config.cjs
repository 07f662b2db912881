const wordpress = require( '@wordpress/scripts/config/eslint.config.cjs' );

module.exports = [
	{
		ignores: [
			'.wordpress/**',
			'build/**',
			'node_modules/**',
			'test-results/**',
			'playwright-report/**',
			'artifacts/**',
			'dist/**',
		],
	},
	...wordpress,
	{
		// TypeScript signatures already document parameters; JSDoc @param lines would only repeat them.
		files: [ '**/*.ts', '**/*.tsx' ],
		rules: {
			'jsdoc/require-param': 'off',
		},
	},
];
