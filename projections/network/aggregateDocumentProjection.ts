import type { Command, Decider, DomainEvent } from '../../domain/shared/decider.js';
import type { Document, IndexSpec } from '../../infrastructure/readstore/readStore.js';
import type { DocumentProjection } from '../runtime/projection.js';

type StateOf<S> = Readonly<{ version: number }> & S;

/**
 * A read model that holds one document per configuration aggregate (node, SKU, ATS view): the
 * aggregate's own `evolve` folds the events, so the listing shows exactly what commands decide on.
 * The document stores the state plus `version`; `toDocument` shapes it for readers.
 */
export const aggregateDocumentProjection = <S extends { version: number }, E extends DomainEvent, D extends Document>(opts: Readonly<{
  name: string;
  version?: number;
  streamPrefix: string;
  indexes?: readonly IndexSpec[];
  decider: Pick<Decider<StateOf<S>, Command, E>, 'evolve' | 'initialState'>;
  idOf: (event: E) => string;
  /** Document → state to continue folding from. */
  toState: (doc: D) => StateOf<S>;
  /** State → document, or null while the aggregate does not exist yet. */
  toDocument: (state: StateOf<S>, id: string) => D | null;
}>): DocumentProjection<D> => ({
  kind: 'document',
  name: opts.name,
  version: opts.version ?? 1,
  filter: { streamPrefixes: [opts.streamPrefix] },
  indexes: opts.indexes,
  documentIds: (recorded) => [opts.idOf({ type: recorded.type, data: recorded.data } as unknown as E)],
  evolve: (doc, recorded, id) => {
    const state = doc === null ? opts.decider.initialState() : opts.toState(doc);
    const next = opts.decider.evolve(state, { type: recorded.type, data: recorded.data } as unknown as E);
    return opts.toDocument(next, id) ?? doc;
  },
});
