import { createWebhook, deleteWebhook, getWebhook, listWebhooks, replayWebhook, type RequestInfo } from '../../../application/integration/webhookUseCases.js';
import type { OmsContext } from '../../bootstrap/omsContext.js';
import { defineRoute, type Route, type RouteContext } from '../../http/route.js';
import { CreateWebhookDto, ReplayWebhookDto, WEBHOOK_SCHEMA, WebhookIdParams } from './integrationDtos.js';

/**
 * Webhook subscriptions: signed, per-stream-ordered, retried, dead-lettered and replayable
 * deliveries of the events an integrator subscribes to (see application/integration/webhookWorker.ts).
 * Admin only: a subscription makes the OMS send data to a URL of the caller's choosing.
 */
const requestInfo = (ctx: RouteContext<object, object, object>): RequestInfo => ({ now: ctx.now, actor: ctx.actor, idempotencyKey: ctx.idempotencyKey! });

export const webhookRoutes = (oms: OmsContext): Route[] => [
  defineRoute<CreateWebhookDto>({
    method: 'post',
    path: '/webhooks',
    operationId: 'createWebhook',
    summary: 'Subscribe a URL to event types (the signing secret is returned once)',
    tags: ['integration'],
    role: 'admin',
    idempotent: true,
    body: CreateWebhookDto,
    responses: { 201: { description: 'created; `secret` is shown only in this answer', schema: WEBHOOK_SCHEMA }, 200: { description: 'the same Idempotency-Key again' } },
    handler: async (ctx) => {
      const { created, view, secret } = await createWebhook(oms, ctx.body, requestInfo(ctx as RouteContext<object, object, object>));
      return { status: created ? 201 : 200, body: { ...view, secret }, headers: { Location: `/webhooks/${view.id}` } };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/webhooks',
    operationId: 'listWebhooks',
    summary: 'Webhook subscriptions with their delivery status',
    tags: ['integration'],
    role: 'admin',
    responses: { 200: { description: 'subscriptions', schema: { type: 'object', properties: { webhooks: { type: 'array', items: WEBHOOK_SCHEMA } } } } },
    handler: async () => ({ status: 200, body: { webhooks: await listWebhooks(oms) } }),
  }),
  defineRoute<never, never, WebhookIdParams>({
    method: 'get',
    path: '/webhooks/:webhookId',
    operationId: 'getWebhook',
    summary: 'One subscription: cursor, last delivery, failures, next attempt, blocked streams, dead letters',
    tags: ['integration'],
    role: 'admin',
    params: WebhookIdParams,
    responses: { 200: { description: 'the subscription', schema: WEBHOOK_SCHEMA }, 404: { description: 'WEBHOOK_NOT_FOUND' } },
    handler: async (ctx) => ({ status: 200, body: await getWebhook(oms, ctx.params.webhookId) }),
  }),
  defineRoute<never, never, WebhookIdParams>({
    method: 'delete',
    path: '/webhooks/:webhookId',
    operationId: 'deleteWebhook',
    summary: 'Remove a subscription and its dead letters; delivery stops',
    tags: ['integration'],
    role: 'admin',
    params: WebhookIdParams,
    responses: { 204: { description: 'removed' }, 404: { description: 'WEBHOOK_NOT_FOUND' } },
    handler: async (ctx) => {
      await deleteWebhook(oms, ctx.params.webhookId);
      return { status: 204 };
    },
  }),
  defineRoute<ReplayWebhookDto, never, WebhookIdParams>({
    method: 'post',
    path: '/webhooks/:webhookId/replay',
    operationId: 'replayWebhook',
    summary: 'Re-deliver from a position (`fromPosition`, inclusive) or the dead letters (`deadLetters: true`, optional `eventIds`)',
    tags: ['integration'],
    role: 'admin',
    idempotent: true,
    params: WebhookIdParams,
    body: ReplayWebhookDto,
    responses: { 202: { description: 'queued; the delivery worker applies it within a second' }, 404: { description: 'WEBHOOK_NOT_FOUND' } },
    handler: async (ctx) => ({
      status: 202,
      body: await replayWebhook(oms, ctx.params.webhookId, ctx.body, requestInfo(ctx as unknown as RouteContext<object, object, object>)),
    }),
  }),
];
