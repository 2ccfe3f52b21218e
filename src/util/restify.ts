import { createRequire } from 'node:module';
import type * as Restify from 'restify';

/**
 * restify for the Node that runs us. restify 11's spdy dependency reads process.binding('http_parser'),
 * which Node 22 removed; restify 12 declares Node 22 and up. Both are installed (12 under the alias
 * `restify12`), so `npm install && npm start` works on Node 20 and on the current LTS alike; the API
 * this project uses is the same in both.
 */
const require = createRequire(import.meta.url);
const major = Number(process.versions.node.split('.')[0]);
const restify: typeof Restify = major >= 22 ? require('restify12') : require('restify');
export default restify;
