import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { idsNamedIn, maskDeep, maskText } from './mask.js';

/**
 * Structured JSON logs (pino: fast, one line per event, standard levels). Every object and message
 * passes through the masker, so a user's ID number typed into chat never lands in a log file.
 */
export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info', name = 'yjs', dest?: DestinationStream): Logger {
  const options: LoggerOptions = {
    name,
    level,
    formatters: {
      log: (obj) => maskDeep(obj) as Record<string, unknown>,
    },
    hooks: {
      logMethod(args, method) {
        // the message may quote the ids the object names (「turn failed for oAbc…」): mask them there too
        const ids = typeof args[0] === 'object' ? idsNamedIn(args[0]) : [];
        const masked = args.map((a) => (typeof a === 'string' ? maskText(a, ids) : a)) as typeof args;
        method.apply(this, masked);
      },
    },
  };
  return dest ? pino(options, dest) : pino(options);
}

export type { Logger };
export const silentLogger: Logger = pino({ level: 'silent' });
