// Public surface of the filter language (re-exported by @loopline/shared).
export * from './types.ts';
export {
  isValidTimeZone,
  parseDateOnly,
  parseDateTime,
  relativeDateRange,
  relativeInstantRange,
  startOfZonedDay,
  zonedDate,
  zonedWallTimeToInstant,
  type DateRange,
  type InstantRange,
  type RelativeDateOptions,
} from './relativeDates.ts';
export {
  resolveFilter,
  type ResolvedBound,
  type ResolvedCondition,
  type ResolvedFilter,
  type ResolvedNode,
  type ResolvedTest,
  type ResolvedValue,
} from './resolve.ts';
export { evaluateFilter, evaluateResolvedFilter, toFilterPredicate, type FilterPredicate } from './evaluate.ts';
