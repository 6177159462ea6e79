/**
 * A JSON Schema for `*.connector.json` files, generated from the offline catalog, so VS Code's own JSON editor
 * offers key completion, hover docs and defaults per `connector.class`. It deliberately accepts unknown keys: the
 * offline validator reports those with a better message (the misspelt key's right spelling, the connector a key
 * belongs to) than "property not allowed" would.
 */
import { CONNECTOR_SPECS, frameworkKeys, keysOf } from './connectorCatalog';
import { isPatternKey, type ConfigKeySpec } from './connectorCatalogTypes';

type Schema = Record<string, unknown>;

const NUMERIC = new Set(['int', 'long', 'short', 'double']);

/** One key's schema: Connect takes every value as a string, but numbers and booleans in JSON are fine too. */
function keySchema(k: ConfigKeySpec, title?: string): Schema {
  const type = NUMERIC.has(k.type) ? ['string', 'number'] : k.type === 'boolean' ? ['string', 'boolean'] : 'string';
  const lines = [k.doc];
  if (k.required) lines.push('Required.');
  if (k.default !== undefined) lines.push(`Default: \`${k.default === '' ? '""' : k.default}\`.`);
  if (title) lines.push(`(${title})`);
  return {
    type,
    markdownDescription: lines.join('\n\n'),
    ...(k.default !== undefined && k.default !== '' ? { default: k.default } : {}),
    ...(k.values?.length ? { examples: [...k.values] } : {}),
  };
}

function properties(keys: readonly ConfigKeySpec[], title?: string): Schema {
  const out: Schema = {};
  for (const k of keys) if (!isPatternKey(k.name)) out[k.name] = keySchema(k, title);
  return out;
}

/** The schema for both file shapes: the flat config map, or `{"name": …, "config": {…}}`. */
export function buildConnectorJsonSchema(): Schema {
  const config: Schema = {
    type: 'object',
    properties: {
      ...properties(frameworkKeys(undefined)),
      'connector.class': {
        type: 'string',
        markdownDescription: 'The connector plugin class. Completion lists the classes Shoreline knows offline; the worker\'s plugins (`shoreline plugins`) are authoritative.',
        examples: CONNECTOR_SPECS.map((s) => s.class),
      },
    },
    allOf: CONNECTOR_SPECS.map((s) => ({
      if: { properties: { 'connector.class': { const: s.class } }, required: ['connector.class'] },
      then: { properties: properties(keysOf(s), s.title) },
    })),
  };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Kafka Connect connector config (Shoreline)',
    definitions: { config },
    if: { required: ['config'] },
    then: {
      type: 'object',
      properties: {
        name: { type: 'string', markdownDescription: 'The connector name (`POST /connectors` takes `{name, config}`).' },
        config: { $ref: '#/definitions/config' },
      },
    },
    else: { $ref: '#/definitions/config' },
  };
}
