/** Offline checks specific to the Debezium sources (PostgreSQL, MySQL). */
import { DEBEZIUM_MYSQL, DEBEZIUM_POSTGRES } from './connectorCatalogDebezium';
import { shown, type ValidationContext } from './validationContext';

export function checkDebezium(ctx: ValidationContext): void {
  const cls = ctx.spec?.class;
  if (cls !== DEBEZIUM_POSTGRES && cls !== DEBEZIUM_MYSQL) return;
  const tasks = Number(ctx.get('tasks.max') ?? '1');
  if (tasks > 1) {
    ctx.add('debezium.singleTask', 'info', 'tasks.max', `The ${ctx.spec?.title} always runs one task (it reads one ordered log); tasks.max=${tasks} does not add parallelism`);
  }
  if (cls === DEBEZIUM_POSTGRES) checkPostgres(ctx);
}

function checkPostgres(ctx: ValidationContext): void {
  const plugin = ctx.get('plugin.name');
  if (plugin === undefined) {
    ctx.add('debezium.pluginName', 'warning', 'plugin.name', '"plugin.name" is not set, so it defaults to decoderbufs, which the stack\'s PostgreSQL (the official image) does not have; add "plugin.name": "pgoutput"', 'pgoutput');
  } else if (plugin.toLowerCase() !== 'pgoutput') {
    ctx.add('debezium.pluginName', 'warning', 'plugin.name', `${shown('plugin.name', plugin)}; only pgoutput is built into PostgreSQL 10+ (decoderbufs needs a server extension the stack's image lacks) — use "pgoutput"`, 'pgoutput');
  }
  const slot = ctx.get('slot.name');
  if (slot !== undefined && !/^[a-z0-9_]{1,63}$/.test(slot) && !/[<>]/.test(slot)) {
    ctx.add('debezium.slotName', 'error', 'slot.name', `${shown('slot.name', slot)}; PostgreSQL slot names may contain only lower-case letters, digits and underscores (at most 63) — use "${slot.toLowerCase().replace(/[^a-z0-9_]/g, '_').slice(0, 63)}"`, slot.toLowerCase().replace(/[^a-z0-9_]/g, '_').slice(0, 63));
  }
}
