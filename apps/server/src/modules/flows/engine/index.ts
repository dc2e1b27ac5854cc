/** The flow engine's pure core (no database, no clock, no I/O). */
export * from './types.ts';
export { advance, applyTransition, isCollectingJoin, isLiveStep, isTerminalExecution } from './advance.ts';
export * from './nodes.ts';
export * from './templates.ts';
export * from './validate.ts';
export * from './simulate.ts';
export * from './durations.ts';
export * from './people.ts';
export * from './errors.ts';
export { flowGraph, successors, type FlowGraph } from './graph.ts';
export * from './approval.ts';
