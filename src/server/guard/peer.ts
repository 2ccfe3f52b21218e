import { isIP } from 'node:net';
import type { IncomingMessage } from 'node:http';

/** 127.0.0.0/8, ::1 and the IPv4-mapped form of either */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const a = address.replace(/^::ffff:/i, '');
  return a === '::1' || (isIP(a) === 4 && a.startsWith('127.')) || a === 'localhost';
}

/** the addresses a proxy says it forwarded for, nearest last */
function forwarded(req: IncomingMessage): string[] {
  const xff = req.headers['x-forwarded-for'];
  const list = (Array.isArray(xff) ? xff.join(',') : (xff ?? ''))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const fwd = req.headers.forwarded;
  if (typeof fwd === 'string') for (const m of fwd.matchAll(/for="?\[?([^\]";,]+)/gi)) list.push(m[1]!);
  return list;
}

/**
 * The client a request comes from. A proxy's forwarded address is believed only from a loopback peer
 * (the proxy on the same machine) and only when TRUST_PROXY is set; otherwise the socket's peer.
 */
export function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  const peer = req.socket.remoteAddress ?? '';
  if (trustProxy && isLoopback(peer)) {
    const f = forwarded(req);
    if (f.length > 0) return f[f.length - 1]!;
  }
  return peer;
}

/**
 * Whether a request is the machine talking to itself: a loopback peer that no proxy says it forwarded
 * from elsewhere (a forwarded request from a proxy on this machine is public traffic).
 */
export function fromThisMachine(req: IncomingMessage): boolean {
  return isLoopback(req.socket.remoteAddress) && forwarded(req).every(isLoopback);
}
