/**
 * Messages of the connector form panel. The host (connectorFormPanel.ts) and the webview
 * (webview/connectorForm/connector-form.ts) import these descriptors; requests that change the file or the worker
 * are parsed with their schema at the host's boundary.
 */
import * as z from 'zod/mini';
import { configEditSchema, type ConfigEdit } from '../../domain/connect/connectorEditSchema';
import type { ConnectorFormModel } from '../../domain/connect/connectorFormModel';
import { defineNotification, defineRequest } from '../ipc';

/** Everything the form shows, sent whole after every change (never a delta). */
export interface ConnectorFormSnapshot {
  /** The file's base name and its document version the snapshot was built from. */
  fileName: string;
  version: number;
  format: 'json' | 'properties';
  model: ConnectorFormModel;
  /** The worker asked for definitions and errors. */
  workerUrl: string;
  /** A worker validation is under way; the findings shown may be about to change. */
  validating: boolean;
  /** Whether "Apply" may run (workspace trusted, no errors). */
  canApply: boolean;
}

/** Full state after each change of the file, the definitions or the worker's findings. */
export const ConnectorFormState = defineNotification<ConnectorFormSnapshot>('connectorForm/state');

const noParams = z.object({});

/** Sets (or, with `value: null`, removes) one key in the file. Replies with the document version after the edit. */
export const SetField = defineRequest<ConfigEdit, { version: number }>('connectorForm/setField', configEditSchema);

/** Runs "Apply Connector File to the Stack's Worker" on the file. Replies with what happened. */
export const ApplyConnector = defineRequest<Record<string, never>, { message: string }>('connectorForm/apply', noParams);

/** Asks the worker again for definitions and errors. */
export const Revalidate = defineRequest<Record<string, never>, { definitions: 'worker' | 'offline' }>('connectorForm/revalidate', noParams);

/** Shows the key in the text editor (selects it). */
export const RevealKey = defineRequest<{ key: string }, boolean>('connectorForm/revealKey', z.object({ key: z.string().check(z.minLength(1), z.maxLength(1000)) }));
