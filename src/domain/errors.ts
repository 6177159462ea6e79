/**
 * An error a user can act on: what failed, the value that caused it and what to do next.
 * Every layer throws these for expected failures; front ends print `message` and `fix` and never a stack trace.
 */
export class ShorelineError extends Error {
  constructor(
    /** Stable machine-readable code, e.g. `docker.notRunning`. */
    readonly code: string,
    message: string,
    /** The next step for the user. */
    readonly fix: string,
    readonly details?: string,
  ) {
    super(message);
    this.name = 'ShorelineError';
  }

  /** One line: "<message> — <fix>". */
  oneLine(): string {
    return this.fix ? `${this.message} — ${this.fix}` : this.message;
  }
}

/** The message of anything thrown, without a stack. */
export function errorMessage(e: unknown): string {
  if (e instanceof ShorelineError) return e.oneLine();
  if (e instanceof Error) return e.message;
  return String(e);
}
