import type { StackConfig } from '../domain/stack/stackConfig';
import type { ParsedArgs } from './args';

/** What every command family (connector, kafka, data, ecr, pipeline) gets from main.ts. */
export interface CliContext {
  args: ParsedArgs;
  json: boolean;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Loaded on first use, so commands that need no stack config (offline validation) work without one. */
  config: () => StackConfig;
  /** Result output (stdout). */
  out: (text: string) => void;
  /** Progress and notes (stderr; silent with --json). */
  info: (text: string) => void;
}
