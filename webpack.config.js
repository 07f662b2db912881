/**
 * The @wordpress/scripts defaults plus two explicit entries: the admin app and the
 * react-jsx-runtime fallback that WordPress 6.5 lacks (see includes/Admin/SettingsPage.php).
 */
const defaultConfig = require( '@wordpress/scripts/config/webpack.config' );

module.exports = {
	...defaultConfig,
	entry: {
		index: './src/index.tsx',
		'react-jsx-runtime': './src/shims/react-jsx-runtime.ts',
	},
};
