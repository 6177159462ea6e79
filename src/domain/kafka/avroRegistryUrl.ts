/**
 * The schema registry URL of a Kafka cluster (`shoreline.kafka.schemaRegistryUrl` for the stack's Kafka, the
 * `schemaRegistryUrl` field of a `shoreline.kafka.clusters` entry, `--schema-registry` in the CLI). Kept apart from
 * the Avro decoder so that reading settings does not load the Avro library. Pure.
 */
import { ShorelineError } from '../errors';

/** The URL as Shoreline uses it (no trailing slash), or undefined when the value is empty; throws a one-line error naming the field otherwise. */
export function parseSchemaRegistryUrl(value: unknown, where: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const fix = 'use the registry\'s base URL, e.g. "http://localhost:8081" (Confluent) or "http://localhost:8080/apis/ccompat/v7" (Apicurio)';
  if (typeof value !== 'string') throw new ShorelineError('kafka.badSchemaRegistryUrl', `${where} must be a string, not ${JSON.stringify(value)}`, fix);
  let url: URL;
  try { url = new URL(value.trim()); } catch { throw new ShorelineError('kafka.badSchemaRegistryUrl', `${where} is "${value}", which is not a URL`, fix); }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ShorelineError('kafka.badSchemaRegistryUrl', `${where} is "${value}": only http and https are supported`, fix);
  // Credentials in a URL would sit in plain text in settings.json and in logs.
  if (url.username || url.password) throw new ShorelineError('kafka.secretInSettings', `${where} carries a user name or password in the URL`, 'remove them from the URL; registries that need authentication are not supported yet');
  if (url.search || url.hash) throw new ShorelineError('kafka.badSchemaRegistryUrl', `${where} is "${value}": a base URL has no query or fragment`, fix);
  return url.toString().replace(/\/+$/, '');
}
