/** @module realmstream's version (a test keeps it equal to package.json's). */

/** The package version. */
export const VERSION = '0.1.0';
