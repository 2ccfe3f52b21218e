export * from './idcard.js';
export * from './uscc.js';
export * from './phone.js';
export { validateField } from './field.js';
export { isCommandWord, refersToEarlierAddress } from './words.js';
export { parseMoney } from './field.js';
export * from './case-no.js';
