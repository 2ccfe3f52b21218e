/** The acceptance backend's server side; the bot imports from ./client and ./contract only. */
export { createBackendServer, type BackendServer, type BackendServerOptions } from './server.js';
export { parseBackendEnv, type BackendEnv } from './env.js';
export { LocalSharedData, HttpSharedData, type SharedDataProvider } from './shared-data/index.js';
