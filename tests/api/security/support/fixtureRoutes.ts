import { randomUUID } from 'node:crypto';
import { IsInt, Max, Min } from 'class-validator';
import type { OmsContext } from '../../../../api/bootstrap/omsContext.js';
import { defineRoute, type Route } from '../../../../api/http/route.js';
import { IsId } from '../../../../api/http/validation.js';
import { ROLES } from '../../../../application/security/roles.js';
import { counterDecider, type CounterCommand } from '../../../support/counterDecider.js';

/**
 * Routes the security tests mount beside the real ones: one GET and one POST per role, with
 * order- and node-scoped variants, and a counter route that really appends events (for the
 * idempotency and fault tests). Handlers answer 200/201 so "let through" is unmistakable.
 */

export class IncrementDto {
  @IsInt() @Min(1) @Max(1000) by!: number;
}

export class CounterParams {
  @IsId() counterId!: string;
}

export const FIXTURE_PREFIX = '/security-fixtures';

const echo = async () => ({ status: 200, body: { ok: true } });

export function fixtureRoutes(oms: OmsContext): Route[] {
  const perRole = ROLES.flatMap((role) => [
    defineRoute({ method: 'get', path: `${FIXTURE_PREFIX}/${role}`, operationId: `fixtureGet_${role}`, summary: `GET needing ${role}`, tags: ['fixtures'], role, scopedBy: 'handler', responses: { 200: { description: 'ok' } }, handler: echo }),
    defineRoute({ method: 'post', path: `${FIXTURE_PREFIX}/${role}`, operationId: `fixturePost_${role}`, summary: `POST needing ${role}`, tags: ['fixtures'], role, scopedBy: 'handler', responses: { 200: { description: 'ok' } }, handler: echo }),
  ]);
  return [
    ...perRole,
    defineRoute({ method: 'get', path: `${FIXTURE_PREFIX}/orders/:orderId`, operationId: 'fixtureGetOrder', summary: 'an order', tags: ['fixtures'], role: 'customer', responses: { 200: { description: 'ok' } },
      handler: async (ctx) => ({ status: 200, body: { orderId: ctx.params.orderId, name: 'Jane Doe' }, personalDataOf: 'customer-of-' + ctx.params.orderId }) }),
    defineRoute({ method: 'get', path: `${FIXTURE_PREFIX}/orders/:orderId/fulfilment`, operationId: 'fixtureSharedOrder', summary: 'an order, for its customer and its stores', tags: ['fixtures'],
      role: 'customer', alsoAllow: ['store'], scopedBy: 'handler', responses: { 200: { description: 'ok' } }, handler: echo }),
    defineRoute({ method: 'post', path: `${FIXTURE_PREFIX}/orders/:orderId/notes`, operationId: 'fixtureNoteOrder', summary: 'change an order', tags: ['fixtures'], role: 'customer', responses: { 201: { description: 'ok' } }, handler: async () => ({ status: 201, body: { ok: true } }) }),
    defineRoute({ method: 'get', path: `${FIXTURE_PREFIX}/nodes/:nodeId/work`, operationId: 'fixtureNodeWork', summary: 'a node\'s work', tags: ['fixtures'], role: 'store', responses: { 200: { description: 'ok' } }, handler: echo }),
    defineRoute({ method: 'post', path: `${FIXTURE_PREFIX}/picks`, operationId: 'fixturePick', summary: 'pick at the node named in the body', tags: ['fixtures'], role: 'store', responses: { 200: { description: 'ok' } }, handler: echo }),
    defineRoute({
      method: 'post', path: `${FIXTURE_PREFIX}/counters/:counterId/increment`, operationId: 'fixtureIncrement', summary: 'append an event', tags: ['fixtures'],
      role: 'agent', idempotent: true, params: CounterParams, body: IncrementDto, responses: { 201: { description: 'incremented' } },
      handler: async (ctx) => {
        const command: CounterCommand = { type: 'Increment', data: { by: ctx.body.by }, metadata: { now: ctx.now, commandId: ctx.idempotencyKey!, actor: ctx.actor } };
        const result = await oms.commands.handle(counterDecider, `counter-${ctx.params.counterId}`, command);
        // A fresh id per execution: a replay returns the first execution's id, a re-execution a new one.
        return { status: 201, body: { execution: randomUUID(), value: result.state.value }, headers: { Location: `${FIXTURE_PREFIX}/counters/${ctx.params.counterId}` } };
      },
    }),
    defineRoute({
      method: 'post', path: `${FIXTURE_PREFIX}/counters/:counterId/slow-increment`, operationId: 'fixtureSlowIncrement', summary: 'append an event after a pause (shutdown drain)', tags: ['fixtures'],
      role: 'agent', params: CounterParams, body: IncrementDto, responses: { 201: { description: 'incremented' } },
      handler: async (ctx) => {
        // The shutdown test's child process reports each start, so SIGTERM comes while all are in flight.
        if (process.env.OMS_FIXTURE_TRACE === '1') process.stdout.write('{"slow":"started"}\n');
        await new Promise((resolve) => setTimeout(resolve, 400));
        const command: CounterCommand = { type: 'Increment', data: { by: ctx.body.by }, metadata: { now: ctx.now, commandId: ctx.idempotencyKey!, actor: ctx.actor } };
        const result = await oms.commands.handle(counterDecider, `counter-${ctx.params.counterId}`, command);
        return { status: 201, body: { value: result.state.value } };
      },
    }),
    defineRoute({
      method: 'get', path: `${FIXTURE_PREFIX}/counters/:counterId`, operationId: 'fixtureReadCounter', summary: 'read the read store', tags: ['fixtures'],
      role: 'agent', params: CounterParams, responses: { 200: { description: 'the counter' } },
      handler: async (ctx) => ({ status: 200, body: (await oms.readStore.collection('counters_v1').findOne({ _id: `counter-${ctx.params.counterId}` })) ?? { value: 0 } }),
    }),
  ];
}
