import type { SkuEvent } from './events.js';
import type { SkuState } from './state.js';

export const evolveSku = (state: SkuState, event: SkuEvent): SkuState => {
  switch (event.type) {
    case 'SkuDefined':
      return { definition: event.data.definition, version: state.version + 1 };
    case 'SkuUpdated':
      return {
        definition: state.definition === null ? null : { ...state.definition, ...event.data.changes },
        version: state.version + 1,
      };
    default:
      return { ...state, version: state.version + 1 };
  }
};
