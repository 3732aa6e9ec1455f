import { expect } from 'chai';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { openLoopLoad } from '../../../bench/lib/openLoopLoad.js';
import { percentile } from '../../../bench/lib/stats.js';

/** A server that answers after `serviceMs`, one request at a time when `serial` (a saturated single worker). */
const startServer = async (serviceMs: number, serial: boolean): Promise<{ port: number; close: () => Promise<void>; seen: () => number }> => {
  let queue = Promise.resolve();
  let seen = 0;
  const server = http.createServer((req, res) => {
    seen++;
    req.resume();
    const answer = () => new Promise<void>((resolve) => setTimeout(() => { res.writeHead(201).end('{}'); resolve(); }, serviceMs));
    if (serial) queue = queue.then(answer);
    else void answer();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, seen: () => seen, close: () => new Promise((resolve) => server.close(() => resolve())) };
};

describe('bench: open-loop load', () => {
  it('sends rate × seconds requests at even intervals; a server that keeps up shows its service time', async () => {
    const server = await startServer(5, false);
    try {
      const o = await openLoopLoad({ port: server.port, rate: 100, seconds: 1, request: () => ({ method: 'POST', path: '/x', headers: { 'content-type': 'application/json' }, body: '{}' }) });
      expect(o.sent).to.equal(100);
      expect(server.seen()).to.equal(100);
      expect(o.statuses.get(201)).to.equal(100);
      expect(o.errors).to.equal(0);
      expect(percentile(o.latencies, 50)).to.be.within(4, 40);
      expect(o.throughput).to.be.within(80, 110);
    } finally {
      await server.close();
    }
  });

  it('counts latency from the due time, so a server that falls behind shows the queue (no coordinated omission)', async () => {
    // 20 ms per request, one at a time: at most 50/s. Offered 100/s for 1 s, the 100th request is
    // due at ~1 s but answered at ~2 s: its latency is ~1 s, not the 20 ms of its own service.
    const server = await startServer(20, true);
    try {
      const o = await openLoopLoad({ port: server.port, rate: 100, seconds: 1, request: () => ({ method: 'GET', path: '/x', headers: {} }) });
      expect(o.sent).to.equal(100);
      expect(percentile(o.latencies, 99)).to.be.greaterThan(700);
      expect(o.throughput).to.be.lessThan(60);
    } finally {
      await server.close();
    }
  });
});
