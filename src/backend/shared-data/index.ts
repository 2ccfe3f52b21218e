export * from './provider.js';
export { LocalSharedData, DEFAULT_SAMPLES } from './local.js';
export { HttpSharedData, type HttpSharedDataOptions } from './http.js';
