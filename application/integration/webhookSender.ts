import { assertDeliverable } from './webhookUrl.js';
import { signWebhookBody } from './webhookSigning.js';
import type { WireEvent } from './wireEvent.js';

/**
 * One HTTP delivery: POST the event as JSON, signed. Success is any 2xx answer within the
 * timeout; anything else (other status, redirect, timeout, refused connection) is a failure to
 * retry. The receiver's response body is discarded.
 */
export type DeliveryRequest = Readonly<{
  subscriptionId: string;
  url: string;
  secret: string;
  event: WireEvent;
  /** 1 for the first attempt. */
  attempt: number;
  timeoutMs: number;
}>;

export type DeliveryOutcome = Readonly<{ ok: boolean; status: number | null; error: string | null; durationMs: number }>;

export type WebhookSender = (request: DeliveryRequest) => Promise<DeliveryOutcome>;

/** The exact body sent: the integration feed's event shape. */
export const webhookBody = (event: WireEvent): string =>
  JSON.stringify({
    id: event.id,
    type: event.type,
    stream: event.stream,
    revision: event.revision,
    position: event.position,
    data: event.data,
    metadata: event.metadata,
    recordedAt: event.recordedAt,
  });

export const webhookHeaders = (request: DeliveryRequest, body: string): Record<string, string> => ({
  'content-type': 'application/json',
  'user-agent': 'oms-webhooks/0.1',
  'x-oms-signature': signWebhookBody(request.secret, body),
  'x-oms-event-id': request.event.id,
  'x-oms-event-type': request.event.type,
  'x-oms-event-position': request.event.position,
  'x-oms-delivery-attempt': String(request.attempt),
  'x-oms-subscription-id': request.subscriptionId,
});

export const httpWebhookSender: WebhookSender = async (request) => {
  const started = Date.now();
  const took = () => Date.now() - started;
  try {
    const url = assertDeliverable(request.url);
    const body = webhookBody(request.event);
    const response = await fetch(url, {
      method: 'POST',
      headers: webhookHeaders(request, body),
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(request.timeoutMs),
    });
    await response.body?.cancel().catch(() => undefined);
    const ok = response.status >= 200 && response.status < 300;
    return { ok, status: response.status, error: ok ? null : `HTTP ${response.status}`, durationMs: took() };
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    const message = error instanceof Error ? (error.name === 'TimeoutError' ? `timed out after ${request.timeoutMs} ms` : `${error.message}${cause}`) : String(error);
    return { ok: false, status: null, error: message.slice(0, 500), durationMs: took() };
  }
};
