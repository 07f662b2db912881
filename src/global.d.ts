// Stylesheets are imported for webpack's CSS extraction only.
declare module '*.css';
