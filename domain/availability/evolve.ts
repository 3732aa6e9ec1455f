import type { AtsViewEvent } from './events.js';
import type { AtsViewState } from './state.js';

export const evolveAtsView = (state: AtsViewState, event: AtsViewEvent): AtsViewState => {
  switch (event.type) {
    case 'AtsViewDefined':
      return { definition: event.data.definition, version: state.version + 1 };
    case 'AtsViewUpdated':
      return {
        definition: state.definition === null ? null : { ...state.definition, ...event.data.changes },
        version: state.version + 1,
      };
    default:
      return { ...state, version: state.version + 1 };
  }
};
