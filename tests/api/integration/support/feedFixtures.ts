import type { AddressInfo } from 'node:net';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { Server } from 'node:http';
import type { Express } from 'express';
import type { CommandHandler } from '../../../../application/commandHandler.js';
import { inventoryDecider, inventoryStreamName, type InventoryCommand } from '../../../../domain/inventory/index.js';

let seq = 0;

/** Appends one StockReceived to `inventory-<node>~<sku>` and returns its global position. */
export const receive = async (commands: CommandHandler, node: string, sku: string, quantity = 1): Promise<bigint> => {
  const command: InventoryCommand = {
    type: 'ReceiveStock',
    data: { nodeId: node, sku, quantity, reference: `ref-${++seq}` },
    metadata: { now: '2025-03-03T09:00:00.000Z', commandId: `feed-cmd-${seq}-${Date.now()}`, actor: { kind: 'operator', id: 'feed-test' } },
  };
  const result = await commands.handle(inventoryDecider, inventoryStreamName(node, sku), command);
  return result.position!;
};

export const listen = async (app: Express): Promise<{ server: Server; base: string }> => {
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
};

export type SseMessage = { id?: string; data?: string; event?: string };

/**
 * Opens a server-sent-event stream and collects messages until `until` says enough (or the
 * timeout), then closes the connection. Comments (keep-alives) are skipped; `retry:` is ignored.
 */
export const readSse = (
  url: string,
  headers: Record<string, string>,
  until: (messages: SseMessage[]) => boolean,
  timeoutMs = 5_000,
): Promise<{ messages: SseMessage[]; response: IncomingMessage }> =>
  new Promise((resolve, reject) => {
    const messages: SseMessage[] = [];
    let buffer = '';
    const req = httpRequest(url, { headers: { Accept: 'text/event-stream', ...headers } }, (response) => {
      const done = () => {
        clearTimeout(timer);
        req.destroy();
        resolve({ messages, response });
      };
      const timer = setTimeout(done, timeoutMs);
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        buffer += chunk;
        for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const message: SseMessage = {};
          for (const line of block.split('\n')) {
            if (line.startsWith(':') || line.startsWith('retry:')) continue;
            const sep = line.indexOf(':');
            const field = line.slice(0, sep);
            const value = line.slice(sep + 1).replace(/^ /, '');
            if (field === 'id' || field === 'data' || field === 'event') message[field] = value;
          }
          if (Object.keys(message).length > 0) messages.push(message);
        }
        if (until(messages)) done();
      });
      response.on('end', done);
    });
    req.on('error', (error) => (messages.length > 0 ? resolve({ messages, response: undefined as never }) : reject(error)));
    req.end();
  });
