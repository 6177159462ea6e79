/**
 * The schema-registry adapter: fetches schemas by id over the Confluent REST API (`GET /schemas/ids/<id>` and
 * `/schemas/ids/<id>/versions` for the subject), which Confluent Schema Registry, Karapace, Redpanda and Apicurio
 * (under /apis/ccompat/v7) all serve. Also the per-cluster Avro decoders, so each cluster's schemas are fetched once.
 */
import { AvroDecoder, type RegistrySchema, type SchemaLookup } from '../../domain/kafka/avroDecoding';

export interface RegistryOptions {
  /** Per request (default 5 s): an unreachable registry must not hold up the viewer for long. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** A lookup for the registry at `baseUrl` (no trailing slash). Rejections carry one line naming the registry, the id and what to do. */
export function registryLookup(baseUrl: string, opts: RegistryOptions = {}): SchemaLookup {
  const doFetch = opts.fetch ?? fetch;
  const timeoutMs = opts.timeoutMs ?? 5000;
  const get = async (path: string, id: number): Promise<{ status: number; body: unknown }> => {
    let res: Response;
    try {
      res = await doFetch(`${baseUrl}${path}`, { headers: { accept: 'application/vnd.schemaregistry.v1+json, application/json' }, signal: AbortSignal.timeout(timeoutMs) });
    } catch (e) {
      throw new Error(`the schema registry ${baseUrl} is unreachable (${causeOf(e)}), so schema id ${id} cannot be fetched; start it or fix the cluster's schema registry URL`);
    }
    const text = await res.text();
    let body: unknown = text;
    try { body = JSON.parse(text); } catch { /* kept as text for the error */ }
    return { status: res.status, body };
  };
  return async (id: number): Promise<RegistrySchema> => {
    const r = await get(`/schemas/ids/${id}`, id);
    if (r.status === 404) {
      throw new Error(`schema id ${id} is not in the schema registry ${baseUrl} (HTTP 404${codeOf(r.body)}); the record was written against another registry`);
    }
    if (r.status !== 200) throw new Error(`the schema registry ${baseUrl} answered HTTP ${r.status} for schema id ${id}: ${messageOf(r.body)}`);
    const b = r.body as { schema?: unknown; schemaType?: unknown };
    if (typeof b !== 'object' || b === null || typeof b.schema !== 'string') {
      throw new Error(`the schema registry ${baseUrl} sent no schema for id ${id} (is ${baseUrl} the registry's base URL?)`);
    }
    const out: RegistrySchema = { schema: b.schema, ...(typeof b.schemaType === 'string' ? { schemaType: b.schemaType } : {}) };
    // The subject is a nicety: a registry without this endpoint still decodes.
    try {
      const v = await get(`/schemas/ids/${id}/versions`, id);
      const first = Array.isArray(v.body) ? (v.body[0] as { subject?: unknown; version?: unknown } | undefined) : undefined;
      if (v.status === 200 && typeof first?.subject === 'string') {
        out.subject = first.subject;
        if (typeof first.version === 'number') out.version = first.version;
      }
    } catch { /* the schema itself came through; leave the subject out */ }
    return out;
  };
}

function causeOf(e: unknown): string {
  const err = e as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err.name === 'TimeoutError') return 'no answer in time';
  return err.cause?.code ?? err.cause?.message ?? err.message ?? String(e);
}

function codeOf(body: unknown): string {
  const c = (body as { error_code?: unknown } | null)?.error_code;
  return typeof c === 'number' ? `, error_code ${c}` : '';
}

function messageOf(body: unknown): string {
  const m = (body as { message?: unknown } | null)?.message;
  const s = typeof m === 'string' ? m : typeof body === 'string' ? body : JSON.stringify(body);
  return s.split('\n')[0]!.slice(0, 200);
}

const decoders = new Map<string, AvroDecoder>();

/** The Avro decoder of a cluster's registry, created once per cluster and URL (its schemas stay cached). */
export function avroDecoderFor(clusterId: string, baseUrl: string, opts: RegistryOptions = {}): AvroDecoder {
  const key = `${clusterId}\n${baseUrl}`;
  let d = decoders.get(key);
  if (!d) {
    d = new AvroDecoder(registryLookup(baseUrl, opts));
    decoders.set(key, d);
  }
  return d;
}
