import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { rolesTableMarkdown } from '../../../application/security/roles.js';

const doc = readFileSync('docs/security.md', 'utf8');

describe('security: docs/security.md stays in sync with the code', () => {
  it('carries the roles table exactly as roles.ts generates it', () => {
    const m = /<!-- roles-table:start -->\n([\s\S]*?)\n<!-- roles-table:end -->/.exec(doc);
    expect(m, 'roles-table markers').not.to.equal(null);
    expect(m![1]).to.equal(rolesTableMarkdown());
  });

  it('documents every security setting the configuration reads', () => {
    const vars = new Set(readFileSync('infrastructure/config/securityConfig.ts', 'utf8').match(/OMS_[A-Z_]+/g));
    expect(vars.size).to.be.greaterThan(8);
    for (const v of vars) expect(doc, v).to.contain(`\`${v}\``);
  });

  it('documents every problem code the security layer answers with', () => {
    const sources = ['api/http/auth.ts', 'api/http/idempotency.ts', 'api/http/rateLimits.ts', 'api/http/edge.ts'].map((f) => readFileSync(f, 'utf8')).join('\n');
    const codes = new Set([...sources.matchAll(/HttpProblem\(\d{3}, '([A-Z_]+)'/g)].map((m) => m[1]!));
    for (const c of ['UNAUTHENTICATED', 'INVALID_CREDENTIALS', 'FORBIDDEN_ROLE', 'FORBIDDEN_SCOPE', 'IDEMPOTENCY_KEY_REUSED', 'RATE_LIMITED']) codes.add(c);
    for (const c of codes) expect(doc, c).to.contain(c);
  });

  it('has an Authentication section in the README with the admin.key quick start', () => {
    const readme = readFileSync('README.md', 'utf8');
    expect(readme).to.match(/^## Authentication$/m);
    expect(readme).to.contain('Authorization: Bearer $(cat .data/admin.key)');
  });
});
