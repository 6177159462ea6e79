/**
 * Reads the single-message-transform chain and predicates out of a connector config, in the order Connect applies
 * them. Pure; the VS Code layer shows the result, the validator checks it.
 */

/** One step of the chain. `type` is '' when `transforms.<alias>.type` is missing. */
export interface SmtStep {
  alias: string;
  type: string;
  /** Every `transforms.<alias>.<setting>` except `type`, keyed by `<setting>`. */
  settings: Record<string, string>;
}

export interface PredicateDef { alias: string; type: string; settings: Record<string, string> }

/**
 * Splits a Connect LIST value the way ConfigDef does: on commas, trimming blanks around each item
 * (`"RenameField, insertStaticField1"` is two aliases); an empty value is an empty list.
 */
export function parseList(value: string | undefined): string[] {
  if (value === undefined || value.trim() === '') return [];
  return value.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

function settingsUnder(config: Record<string, string>, prefix: string): { type: string; settings: Record<string, string> } {
  const settings: Record<string, string> = {};
  let type = '';
  for (const [k, v] of Object.entries(config)) {
    if (!k.startsWith(prefix)) continue;
    const rest = k.slice(prefix.length);
    if (rest === 'type') type = v.trim();
    else if (rest !== '') settings[rest] = v;
  }
  return { type, settings };
}

/** The transforms listed in `transforms`, in order, each with its class and settings. */
export function parseSmtChain(config: Record<string, string>): SmtStep[] {
  return parseList(config['transforms']).map((alias) => ({ alias, ...settingsUnder(config, `transforms.${alias}.`) }));
}

/** The predicates listed in `predicates`. */
export function parsePredicates(config: Record<string, string>): PredicateDef[] {
  return parseList(config['predicates']).map((alias) => ({ alias, ...settingsUnder(config, `predicates.${alias}.`) }));
}

/** `Key` or `Value` for `…$Key` / `…$Value` transforms, else undefined. */
export function smtSide(type: string): 'Key' | 'Value' | undefined {
  if (type.endsWith('$Key')) return 'Key';
  if (type.endsWith('$Value')) return 'Value';
  return undefined;
}

/** `InsertField` for `org.apache.kafka.connect.transforms.InsertField$Value`. */
export function smtBaseName(type: string): string {
  return type.slice(type.lastIndexOf('.') + 1).replace(/\$(Key|Value)$/, '');
}

/** Strips InsertField's `!` (required) / `?` (optional) suffix from a target field name. */
export function insertedFieldName(spec: string): string {
  return spec.trim().replace(/[!?]$/, '');
}

/**
 * The value fields a chain inserts, by step, for InsertField$Value steps (topic/partition/offset/timestamp/static
 * fields). Used to spot the same field inserted twice.
 */
export function insertedValueFields(chain: readonly SmtStep[]): Array<{ alias: string; setting: string; field: string }> {
  const out: Array<{ alias: string; setting: string; field: string }> = [];
  for (const step of chain) {
    if (smtBaseName(step.type) !== 'InsertField' || smtSide(step.type) !== 'Value') continue;
    for (const setting of ['topic.field', 'partition.field', 'offset.field', 'timestamp.field', 'static.field']) {
      const v = step.settings[setting];
      if (v === undefined || v.trim() === '') continue;
      out.push({ alias: step.alias, setting, field: insertedFieldName(v) });
    }
  }
  return out;
}

/** `old:new` pairs of a ReplaceField `renames` value. */
export function parseRenames(value: string | undefined): Array<{ from: string; to: string }> {
  return parseList(value)
    .map((pair) => pair.split(':'))
    .filter((p): p is [string, string] => p.length === 2 && p[0] !== undefined && p[1] !== undefined)
    .map(([from, to]) => ({ from: from.trim(), to: to.trim() }));
}
