import type { Response } from 'express';
import type { HandlerResult, ResponseStream } from './route.js';

/**
 * Writes a streamed handler result (server-sent events and the like): headers go out at once,
 * each `write` resolves when the socket accepted the chunk (backpressure), and `closed` fires when
 * the client leaves. The request timeout does not end a stream; the client or the handler does.
 */
export async function writeStream(res: Response, result: HandlerResult, headers: Readonly<Record<string, string>>): Promise<void> {
  const stream = result.stream!;
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.status(result.status);
  res.flushHeaders();
  const closed = new AbortController();
  res.on('close', () => closed.abort());
  const out: ResponseStream = {
    closed: closed.signal,
    write: (chunk) =>
      new Promise<void>((resolve, reject) => {
        if (closed.signal.aborted || res.writableEnded) {
          reject(new Error('the client closed the stream'));
          return;
        }
        if (res.write(chunk)) resolve();
        else res.once('drain', () => resolve());
      }),
  };
  try {
    await stream(out);
  } catch (error) {
    // The status line is gone: all that is left is to cut the stream so the client notices.
    if (!closed.signal.aborted) res.destroy(error instanceof Error ? error : new Error(String(error)));
    return;
  }
  if (!res.writableEnded) res.end();
}
