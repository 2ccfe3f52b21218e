import type { IncomingMessage, OutgoingHttpHeaders, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** How long and how much a closing connection keeps reading a body nobody wants (nginx's lingering_*). */
export interface LingerLimits {
  /** the longest a connection lingers after its answer */
  maxMs: number;
  /** closes sooner once the client has sent nothing for this long */
  idleMs: number;
  /** closes once this many more bytes have been read and dropped */
  maxBytes: number;
}

export const LINGER: LingerLimits = { maxMs: 10_000, idleMs: 2_000, maxBytes: 32 * 1024 * 1024 };

const REQUEST = Symbol('linger.request');
type Tracked = Socket & { [REQUEST]?: IncomingMessage };

/**
 * Lingering close (RFC 9112 §9.6). When node closes a connection after an answer (a 413 with
 * `Connection: close`, or a client that asked for close) while the request body is still arriving, it
 * destroys the socket with unread bytes, and the kernel answers the client's next bytes with a reset,
 * which makes the client drop the answer it had not read yet. Instead the answer goes out with a FIN,
 * and the rest of the body is read and dropped (node's parser dumps it) until it ends, the client closes,
 * or a cap in time, idleness or bytes is reached; only then is the socket destroyed.
 */
export function lingerOnClose(http: Server, limits: LingerLimits = LINGER): void {
  http.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
    (req.socket as Tracked)[REQUEST] = req;
    closeAfter413(res);
  });
  http.on('connection', (socket: Tracked) => {
    const destroySoon = socket.destroySoon.bind(socket);
    socket.destroySoon = () => {
      const req = socket[REQUEST];
      if (!req || req.complete || socket.destroyed || !socket.readable) return destroySoon();
      linger(socket, req, limits);
    };
  });
}

function linger(socket: Tracked, req: IncomingMessage, limits: LingerLimits): void {
  // the answer is already queued: end() sends it, then a FIN, and reading goes on
  if (socket.writable) socket.end();
  const startBytes = socket.bytesRead;
  let lastBytes = startBytes;
  let quietSince = Date.now();
  const close = () => {
    clearTimeout(deadline);
    clearInterval(watch);
    if (!socket.destroyed) socket.destroy();
  };
  const deadline = setTimeout(close, limits.maxMs);
  // node's parser reads the socket in C++, so no 'data' event tells of progress: bytesRead does
  const watch = setInterval(
    () => {
      const now = Date.now();
      if (socket.bytesRead !== lastBytes) {
        lastBytes = socket.bytesRead;
        quietSince = now;
      }
      if (now - quietSince >= limits.idleMs || socket.bytesRead - startBytes >= limits.maxBytes) close();
    },
    Math.min(250, limits.idleMs),
  );
  deadline.unref();
  watch.unref();
  // the body has ended (the parser dumped it), or the client closed its side, or the socket went
  req.once('end', close);
  req.once('close', close);
  socket.once('end', close);
  socket.once('close', close);
  // a reset or a write after the client left: the socket is going anyway
  socket.once('error', close);
}

/**
 * Every 413 closes its connection, whichever handler answered it: on a kept connection node would read
 * the rest of the body without any cap (a declared 10 GB included), and lingering is what caps it.
 */
function closeAfter413(res: ServerResponse): void {
  const writeHead = res.writeHead;
  res.writeHead = function (this: ServerResponse, status: number, ...rest: unknown[]) {
    if (status === 413 && !this.headersSent) {
      this.setHeader('Connection', 'close');
      // headers passed to writeHead win over setHeader: drop a keep-alive there
      const h = rest.find((r): r is OutgoingHttpHeaders => typeof r === 'object' && r !== null && !Array.isArray(r));
      for (const k of Object.keys(h ?? {})) if (k.toLowerCase() === 'connection') delete h![k];
    }
    return (writeHead as (...a: unknown[]) => ServerResponse).call(this, status, ...rest);
  } as ServerResponse['writeHead'];
}
