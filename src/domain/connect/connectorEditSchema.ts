/** The shape of one connector-form edit, parsed at the webview boundary (kept apart from the editor so the boundary
 * does not pull the connector parser into the activation bundle). */
import * as z from 'zod/mini';

/** Set `key` to `value`, or remove it (`value: null`). */
export const configEditSchema = z.object({
  key: z.string().check(z.minLength(1, 'the key is empty'), z.maxLength(1000, 'the key is longer than 1000 characters')),
  value: z.nullable(z.string().check(z.maxLength(1_000_000, 'the value is longer than 1,000,000 characters'))),
});
export type ConfigEdit = z.infer<typeof configEditSchema>;
