import { DEFAULT_FEED_LIMIT, readFeedPage, streamFeed } from '../../../application/integration/eventsFeed.js';
import { parseFilter, parsePosition } from '../../../application/integration/wireEvent.js';
import type { OmsContext } from '../../bootstrap/omsContext.js';
import { defineRoute, type HandlerResult, type Route } from '../../http/route.js';
import { EVENTS_PAGE_SCHEMA, EventsQuery } from './integrationDtos.js';

/**
 * `GET /events`: the integration feed. JSON pages (`{ events, next }`, optionally long-polled with
 * `wait`), or — with `Accept: text/event-stream` — a live server-sent-event stream whose ids are
 * positions, so `Last-Event-ID` resumes after a disconnect. `Last-Event-ID`, when sent, wins over
 * `after` (an EventSource reconnects to the same URL with the header).
 */
export const eventsRoute = (oms: OmsContext): Route =>
  defineRoute<never, EventsQuery>({
    method: 'get',
    path: '/events',
    operationId: 'listEvents',
    summary: 'Integration feed: events in global order after a position (long-poll or server-sent events)',
    description:
      '`after`: a position (decimal string; "0" = from the beginning); `types`: comma-separated event types; `streamPrefix`: comma-separated ' +
      'stream prefixes such as `order-`; `limit` ≤ 1000; `wait`: seconds to long-poll. Pass `next` as the following `after`.',
    tags: ['integration'],
    role: 'operator',
    query: EventsQuery,
    responses: {
      200: { description: 'a page of events (or a text/event-stream)', schema: EVENTS_PAGE_SCHEMA },
      400: { description: 'INVALID_POSITION / INVALID_FILTER' },
    },
    handler: async (ctx): Promise<HandlerResult> => {
      const sse = (ctx.header('accept') ?? '').includes('text/event-stream');
      const lastEventId = ctx.header('last-event-id');
      const after = lastEventId !== undefined ? parsePosition(lastEventId.trim(), 'Last-Event-ID') : parsePosition(ctx.query.after, 'after');
      const filter = parseFilter(ctx.query.types, ctx.query.streamPrefix);
      if (sse) {
        return {
          status: 200,
          headers: { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache, no-transform', 'X-Accel-Buffering': 'no' },
          stream: (out) => streamFeed(oms.eventStore, { after, filter, batchSize: ctx.query.limit ?? 200 }, out),
        };
      }
      // A long-poll must answer before the request timeout turns it into a 503.
      const waitMs = Math.max(0, Math.min((ctx.query.wait ?? 0) * 1000, oms.config.requestTimeoutMs - 1000));
      const page = await readFeedPage(oms.eventStore, { after, filter, limit: ctx.query.limit ?? DEFAULT_FEED_LIMIT, waitMs, signal: ctx.signal });
      return { status: 200, body: page, headers: { 'Cache-Control': 'no-store' } };
    },
  });
