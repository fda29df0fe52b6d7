/** The engine's version, stamped on every output's provenance; kept equal to package.json's by a test. */
export const ENGINE_VERSION = '0.1.0';
