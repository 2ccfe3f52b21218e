export * from './common.js';
export * from './department.js';
export * from './material.js';
export * from './field.js';
export * from './charge.js';
export * from './item.js';
export * from './bundle.js';
export * from './dialog.js';
