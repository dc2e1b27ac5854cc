/**
 * A node that cannot do its work on this record (no owner to assign to, no date to wait for …)
 * throws FlowStepError from `plan`/`resume`; the runtime turns any error thrown there into the
 * step's `failed` event with `error.message`, so the reason is shown in the run history.
 */
export class FlowStepError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FlowStepError';
  }
}
