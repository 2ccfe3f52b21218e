export * from './application.js';
export * from './case.js';
export * from './webhook.js';
export * from './signature.js';
export * from './errors.js';
