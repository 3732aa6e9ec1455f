import { atsViewDecider, viewFromState, type AtsView, type AtsViewEvent, type AtsViewState } from '../../domain/availability/index.js';
import { aggregateDocumentProjection } from '../network/aggregateDocumentProjection.js';

export const ATS_VIEWS = 'ats_views';

/** One document per available-to-sell view: its rules and their version (`GET /availability-views`). */
export type AtsViewDocument = AtsView & { _id: string };

export const atsViewsProjection = (version = 1) =>
  aggregateDocumentProjection<AtsViewState, AtsViewEvent, AtsViewDocument>({
    name: ATS_VIEWS,
    version,
    streamPrefix: 'atsview-',
    decider: atsViewDecider,
    idOf: (event) => event.data.name,
    toState: ({ _id: _ignored, version: v, ...definition }) => ({ definition, version: v }),
    toDocument: (state, id) => {
      const view = viewFromState(state);
      return view ? { _id: id, ...view } : null;
    },
  });
