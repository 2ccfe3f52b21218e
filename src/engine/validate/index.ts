export * from './idcard.js';
export * from './uscc.js';
export * from './phone.js';
export { validateField, type FieldCheck } from './field.js';
