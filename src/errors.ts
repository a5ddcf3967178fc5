// One error type for everything the user can fix: it prints as one line and exits with a status.

/** A usage, input or rule error: printed as `kubesleuth: <message>` with no stack, exit status 2 by default. */
export class KubesleuthError extends Error {
  constructor(message: string, readonly exitCode = 2, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KubesleuthError';
  }
}

/** Wraps a cause under a component prefix (`rules/x.yaml: …`), keeping the cause. */
export function failure(prefix: string, message: string, cause?: unknown): KubesleuthError {
  return new KubesleuthError(`${prefix}: ${message}`, 2, { cause });
}

/** Ctrl-C: the run stops where it is, keeps what it committed, and exits 130. */
export class Interrupted extends KubesleuthError {
  constructor() {
    super('interrupted', 130);
    this.name = 'Interrupted';
  }
}
