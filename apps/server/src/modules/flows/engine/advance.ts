/** The execution state machine: one event in, one transition out. Pure. */
import type { AdvanceFn } from './types.ts';

// PLACEHOLDER: engine owner implements.
export const advance: AdvanceFn = () => {
  throw new Error('advance: not implemented');
};
