/** The services of the Shoreline stack, in start order (dependencies first). */
export const SERVICE_NAMES = ['kafka', 'connect', 'postgres', 'mongo', 'localstack'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export function isServiceName(s: string): s is ServiceName {
  return (SERVICE_NAMES as readonly string[]).includes(s);
}
