import { isLoopback } from './peer.js';

/**
 * Whether the bot may POST replies to `serviceUrl`: https and a host matching one of the allowed
 * patterns (`https://*.botframework.com`, `https://smba.*`), or, in the anonymous Emulator mode only,
 * a loopback http(s) address. Anything else (an internal address, a cloud metadata endpoint, a chosen
 * third party) is refused before the adapter ever connects: the reply channel is not a proxy.
 */
export function serviceUrlAllowed(serviceUrl: unknown, allowed: string[], loopbackMode: boolean): boolean {
  if (typeof serviceUrl !== 'string') return false;
  let u: URL;
  try {
    u = new URL(serviceUrl);
  } catch {
    return false;
  }
  if (u.username || u.password) return false;
  const host = u.hostname.replace(/^\[|\]$/g, '');
  if (loopbackMode) return (u.protocol === 'http:' || u.protocol === 'https:') && isLoopback(host);
  return allowed.some((p) => matches(u, p));
}

function matches(u: URL, pattern: string): boolean {
  const m = /^(https?):\/\/([^/:]+)(?::(\d+))?\/?$/.exec(pattern);
  if (!m) return false;
  const [, scheme, hostPattern, port] = m;
  if (u.protocol !== `${scheme}:`) return false;
  if ((port ?? '') !== u.port) return false;
  const re = new RegExp(
    `^${hostPattern!
      .split('.')
      .map((l) => (l === '*' ? '[a-z0-9-]+(?:\\.[a-z0-9-]+)*' : l.replace(/[^a-z0-9-]/gi, '\\$&')))
      .join('\\.')}$`,
    'i',
  );
  return re.test(u.hostname);
}
