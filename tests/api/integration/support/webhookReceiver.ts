import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A webhook receiver on 127.0.0.1 for tests. `mode` decides how it answers: `ok` (204), `fail`
 * (500), `hangup` (destroys the connection without an answer), or a function per delivery. It can
 * be stopped (connection refused) and started again on the same port. Only deliveries answered
 * 2xx count as received.
 */
export type Delivery = Readonly<{ body: string; headers: IncomingHttpHeaders; event: { id: string; type: string; stream: string; revision: string; position: string; data: unknown } }>;
export type Mode = 'ok' | 'fail' | 'hangup' | ((delivery: Delivery) => 'ok' | 'fail' | 'hangup');

export type Receiver = {
  url: string;
  mode: Mode;
  received: Delivery[];
  attempts: Delivery[];
  stop: () => Promise<void>;
  start: () => Promise<void>;
};

export const startReceiver = async (mode: Mode = 'ok'): Promise<Receiver> => {
  let server: Server | undefined;
  let port = 0;
  const receiver: Receiver = {
    url: '',
    mode,
    received: [],
    attempts: [],
    stop: async () => {
      const s = server;
      server = undefined;
      if (!s) return;
      s.closeAllConnections();
      await new Promise((resolve) => s.close(resolve));
    },
    start: async () => {
      const s = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          const delivery: Delivery = { body, headers: req.headers, event: JSON.parse(body) as Delivery['event'] };
          receiver.attempts.push(delivery);
          const answer = typeof receiver.mode === 'function' ? receiver.mode(delivery) : receiver.mode;
          if (answer === 'hangup') return void req.socket.destroy();
          if (answer === 'fail') return void res.writeHead(500).end('nope');
          receiver.received.push(delivery);
          res.writeHead(204).end();
        });
      });
      s.keepAliveTimeout = 100;
      await new Promise<void>((resolve) => s.listen(port, '127.0.0.1', resolve));
      port = (s.address() as AddressInfo).port;
      receiver.url = `http://127.0.0.1:${port}/hooks`;
      server = s;
    },
  };
  await receiver.start();
  return receiver;
};

export const waitUntil = async (condition: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = 'condition'): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};
