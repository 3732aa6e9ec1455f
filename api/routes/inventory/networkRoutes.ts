import { blockChannel, changeNodeStatus, registerNode, updateNode, type NodeResult, type RegisterNodeInput } from '../../../application/network/nodeUseCases.js';
import type { NodeStatus, UpdateNodeData } from '../../../domain/network/index.js';
import { NotFoundError } from '../../../domain/shared/errors.js';
import { NETWORK_NODES, nodesProjection, type NodeDocument } from '../../../projections/network/nodesProjection.js';
import type { OmsContext } from '../../bootstrap/omsContext.js';
import { defineRoute, type HandlerResult, type Route } from '../../http/route.js';
import {
  ChannelBlockDto, ChannelParams, ListNodesQuery, NodeParams, NodeStatusDto, RegisterNodeDto, UpdateNodeDto,
} from './dtos/networkDtos.js';
import { plain } from './dtos/keys.js';
import { projectionCollection, requestMeta } from './readModelAccess.js';

const NODE_SCHEMA = { type: 'object', description: 'A fulfilment node with its configuration version' } as const;
const tags = ['network'];

/** 201 when this request created the node, 200 when it changed or confirmed an existing one. */
const nodeResponse = (r: NodeResult): HandlerResult => ({
  status: r.created ? 201 : 200,
  body: { ...r.node, outcome: r.outcome },
  ...(r.created ? { headers: { Location: `/network/nodes/${encodeURIComponent(r.node.id)}` } } : {}),
});

const withoutId = ({ _id: _ignored, ...rest }: NodeDocument) => rest;

export const networkRoutes = (oms: OmsContext): Route[] => {
  const deps = { commands: oms.commands, eventStore: oms.eventStore };
  const nodes = () => projectionCollection<NodeDocument>(oms, nodesProjection(), NETWORK_NODES);
  return [
    defineRoute({
      method: 'post', path: '/network/nodes', operationId: 'registerNode', summary: 'Register a fulfilment node', tags,
      description: 'Nodes are event-sourced configuration (stream `node-<id>`). Re-sending the same definition is a no-op; '
        + 'a different definition for an existing id is 409 NODE_ALREADY_EXISTS (use PATCH). Without `calendar` the node works Monday–Friday.',
      role: 'admin', idempotent: true, body: RegisterNodeDto,
      responses: { 201: { description: 'registered', schema: NODE_SCHEMA }, 200: { description: 'already registered identically' }, 409: { description: 'NODE_ALREADY_EXISTS' }, 422: { description: 'INVALID_NODE' } },
      handler: async (ctx) => {
        const body = plain(ctx.body) as unknown as RegisterNodeDto;
        const calendar = body.calendar ? { holidays: [], ...body.calendar } : undefined;
        return nodeResponse(await registerNode(deps, { ...body, calendar } as unknown as RegisterNodeInput, requestMeta(ctx)));
      },
    }),
    defineRoute({
      method: 'patch', path: '/network/nodes/:nodeId', operationId: 'updateNode', summary: 'Change a node\'s configuration', tags,
      description: 'Each accepted change is a `NodeUpdated` event with the next version; a change that changes nothing writes nothing.',
      role: 'admin', idempotent: true, params: NodeParams, body: UpdateNodeDto,
      responses: { 200: { description: 'updated', schema: NODE_SCHEMA }, 404: { description: 'NODE_NOT_FOUND' }, 422: { description: 'INVALID_NODE' } },
      handler: async (ctx) => nodeResponse(await updateNode(deps, ctx.params.nodeId, plain(ctx.body) as UpdateNodeData['changes'], requestMeta(ctx))),
    }),
    defineRoute({
      method: 'put', path: '/network/nodes/:nodeId/status', operationId: 'changeNodeStatus', summary: 'Open or close a node', tags,
      role: 'admin', idempotent: true, params: NodeParams, body: NodeStatusDto,
      responses: { 200: { description: 'status set', schema: NODE_SCHEMA }, 404: { description: 'NODE_NOT_FOUND' } },
      handler: async (ctx) =>
        nodeResponse(await changeNodeStatus(deps, ctx.params.nodeId, ctx.body.status as NodeStatus, ctx.body.reason, requestMeta(ctx))),
    }),
    defineRoute({
      method: 'put', path: '/network/nodes/:nodeId/blocked-channels/:channel', operationId: 'blockNodeChannel',
      summary: 'Block or unblock a node for one sales channel', tags,
      role: 'admin', idempotent: true, params: ChannelParams, body: ChannelBlockDto,
      responses: { 200: { description: 'set', schema: NODE_SCHEMA }, 404: { description: 'NODE_NOT_FOUND' } },
      handler: async (ctx) => nodeResponse(await blockChannel(deps, ctx.params.nodeId, ctx.params.channel, ctx.body.blocked, requestMeta(ctx))),
    }),
    defineRoute({
      method: 'get', path: '/network/nodes', operationId: 'listNodes', summary: 'List fulfilment nodes', tags,
      role: 'operator', query: ListNodesQuery,
      responses: { 200: { description: 'nodes, by id', schema: { type: 'object', properties: { items: { type: 'array', items: NODE_SCHEMA } } } } },
      handler: async (ctx) => {
        const filter: Record<string, unknown> = {};
        if (ctx.query.type) filter.type = ctx.query.type;
        if (ctx.query.country) filter['location.country'] = ctx.query.country;
        if (ctx.query.capability) filter.capabilities = ctx.query.capability;
        const items = await (await nodes()).find(filter, { sort: { _id: 1 }, limit: 10_000 });
        return { status: 200, body: { items: items.map(withoutId) } };
      },
    }),
    defineRoute({
      method: 'get', path: '/network/nodes/:nodeId', operationId: 'getNode', summary: 'One fulfilment node', tags,
      role: 'operator', params: NodeParams,
      responses: { 200: { description: 'the node', schema: NODE_SCHEMA }, 404: { description: 'NODE_NOT_FOUND' } },
      handler: async (ctx) => {
        const doc = await (await nodes()).findOne({ _id: ctx.params.nodeId });
        if (!doc) throw new NotFoundError('NODE_NOT_FOUND', `node ${ctx.params.nodeId} is not registered`, { nodeId: ctx.params.nodeId });
        return { status: 200, body: withoutId(doc) };
      },
    }),
  ];
};
