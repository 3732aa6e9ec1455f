/**
 * Roles and who may call what. Every route declares the role it requires; a caller's role either
 * satisfies it or the request is refused (403) before any input is validated or any handler runs.
 * Deny by default: an unknown role satisfies nothing, and a route without credentials is refused
 * (401) unless it is `public`.
 *
 * The hierarchy:
 *
 *     admin > operator > agent > store | customer        auditor: read-only, beside the chain
 *
 * - `customer` acts only through an order's tracking token and only on that order;
 * - `store` acts only on its own node(s) (the key's scopes);
 * - `agent` (customer service) does everything customers and stores may, on any order or node;
 * - `operator` runs the network, inventory and processes; `admin` additionally manages
 *   configuration and keys;
 * - `auditor` reads everything up to `operator` level (GET/HEAD only) plus the `auditor` routes
 *   (history, exports, access logs); it can never change anything through a non-auditor route.
 */

export const ROLES = ['public', 'customer', 'store', 'agent', 'operator', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Roles a caller can hold (`public` is a route requirement, never a caller's role). */
export const PRINCIPAL_ROLES = ['customer', 'store', 'agent', 'operator', 'auditor', 'admin'] as const;
export type PrincipalRole = (typeof PRINCIPAL_ROLES)[number];

export const isPrincipalRole = (value: string): value is PrincipalRole => (PRINCIPAL_ROLES as readonly string[]).includes(value);

/** For each route role, the caller roles that may call it with any method. */
const GRANTS: Readonly<Record<Role, readonly PrincipalRole[]>> = {
  public: PRINCIPAL_ROLES,
  customer: ['customer', 'agent', 'operator', 'admin'],
  store: ['store', 'agent', 'operator', 'admin'],
  agent: ['agent', 'operator', 'admin'],
  operator: ['operator', 'admin'],
  auditor: ['auditor', 'admin'],
  admin: ['admin'],
};

/** Route roles the auditor may additionally read (GET/HEAD only). */
const AUDITOR_READS: ReadonlySet<Role> = new Set(['customer', 'store', 'agent', 'operator']);

/** Caller roles whose access is further limited to the resources named in their credential. */
export const SCOPED_ROLES: ReadonlySet<PrincipalRole> = new Set(['customer', 'store']);

const READ_METHODS: ReadonlySet<string> = new Set(['get', 'head']);

/** Whether a caller with `role` may call a route requiring `required` with `method` (lower-case). */
export function permits(role: PrincipalRole, required: Role, method: string): boolean {
  if (GRANTS[required]?.includes(role)) return true;
  return role === 'auditor' && READ_METHODS.has(method.toLowerCase()) && AUDITOR_READS.has(required);
}

/** The caller roles allowed on a route (with the sibling roles it also admits), for documentation and the OpenAPI document. */
export function allowedRoles(required: Role, method: string, alsoAllow: readonly PrincipalRole[] = []): PrincipalRole[] {
  return PRINCIPAL_ROLES.filter((role) => permits(role, required, method) || alsoAllow.includes(role));
}

/**
 * The roles table of docs/security.md, generated from `permits` (a test keeps the document equal
 * to this output, so the table cannot drift from the code).
 */
export function rolesTableMarkdown(): string {
  const header = `| route role | GET / HEAD | POST / PUT / PATCH / DELETE |`;
  const rule = '|---|---|---|';
  const rows = ROLES.map((required) => {
    const list = (method: string) => (required === 'public' ? 'anyone, no credentials needed' : allowedRoles(required, method).join(', '));
    return `| \`${required}\` | ${list('get')} | ${list('post')} |`;
  });
  return [header, rule, ...rows].join('\n');
}
