/** A run cannot start or continue for a reason the user can fix; the message names it, without secrets. */
export class PipelineError extends Error {
  override readonly name = 'PipelineError';
}
