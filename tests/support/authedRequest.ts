import type { Express } from 'express';
import request from 'supertest';
import type { TestOms } from './testOms.js';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete' | 'head';

export type AuthedRequest = Readonly<Record<Method, (path: string) => request.Test>>;

/**
 * supertest with a credential on every request: `authed(t).post('/orders').send(…)`. Defaults to
 * the test OMS's admin key; pass another key or tracking token to act as someone else.
 */
export function authedRequest(target: TestOms | Express, credential?: string): AuthedRequest {
  const app = 'app' in target ? target.app : target;
  const key = credential ?? ('adminKey' in target ? target.adminKey : undefined);
  if (!key) throw new Error('authedRequest needs a credential (a TestOms carries its admin key)');
  const agent = request(app);
  const wrap = (m: Method) => (path: string) => agent[m](path).set('Authorization', `Bearer ${key}`);
  return { get: wrap('get'), post: wrap('post'), put: wrap('put'), patch: wrap('patch'), delete: wrap('delete'), head: wrap('head') };
}

/** Mints a stored API key on a test OMS, e.g. `await keyFor(t, 'store', ['node-x'])`. */
export async function keyFor(t: TestOms, role: string, nodes: readonly string[] = []): Promise<string> {
  const { key } = await t.oms.security.apiKeys.create({ role, nodes, name: `test ${role}`, createdBy: 'test' });
  return key;
}
