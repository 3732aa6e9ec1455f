export { evolveLearnedPromise, initialLearnedPromiseProjection, observationsFromOrderEvent, orderIdOfStream } from './learnedPromiseProjection.js';
export type { LearnedPromiseProjectionState, LearnedPromiseSettings, OrderEventEnvelope } from './learnedPromiseProjection.js';
export { learnedTransitModel } from './learnedTransitModel.js';
export type { LearnedTransitOptions } from './learnedTransitModel.js';
export { handlingKeys, transitKeys, placeKey } from './laneKeys.js';
export type { Place, TransitKeyOptions } from './laneKeys.js';
