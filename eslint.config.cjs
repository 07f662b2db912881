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
];
