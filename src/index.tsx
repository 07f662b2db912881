import { createRoot } from '@wordpress/element';

import { App } from './screens/App';
import './index.css';

const root = document.getElementById( 'syncwarden-root' );
if ( root ) {
	createRoot( root ).render( <App /> );
}
