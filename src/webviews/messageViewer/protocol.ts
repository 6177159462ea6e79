/**
 * Messages of the message viewer panel. The host (messageViewerPanel.ts) keeps the messages in a ring buffer and
 * filters them; the webview (webview/messageViewer/message-viewer.ts) gets one page at a time as a full snapshot.
 * Every request's params are parsed with its schema at the host's boundary.
 */
import * as z from 'zod/mini';
import type { DecodedMessage } from '../../domain/kafka/messageDecoding';
import { viewerQuerySchema, type ViewerPage, type ViewerQuery } from '../../domain/kafka/messagePage';
import { defineNotification, defineRequest } from '../ipc';

/** `disconnected`: a live tail lost the broker; it keeps retrying and resumes at the next offsets (see `connection`). */
export type ReadStatus = 'reading' | 'tailing' | 'paused' | 'done' | 'stopped' | 'error' | 'disconnected';

/** Where the current read started, as the user picked it. */
export interface ReadSettings {
  /** `beginning`, `last:N`, `offset:N`, `timestamp:MS` or an ISO time (see domain/kafka/startPosition). */
  from: string;
  /** Empty: all partitions. */
  partitions: number[];
  tail: boolean;
}

/** Everything the page shows, sent whole after every change. */
export interface MessageViewerSnapshot {
  topic: string;
  cluster: string;
  status: ReadStatus;
  /** Why the read failed, for status `error`. */
  error?: string;
  /** Why the read stopped early, for status `stopped` (the memory budget with spill to disk off). */
  note?: string;
  /** The last change of a live tail's link to the broker (why it is disconnected, or where it resumed). */
  connection?: string;
  read: ReadSettings;
  /** Every partition of the topic. */
  allPartitions: number[];
  capacity: number;
  /** Messages received while paused, not yet in the buffer. */
  held: number;
  query: ViewerQuery;
  page: ViewerPage;
}

export const MessageViewerState = defineNotification<MessageViewerSnapshot>('messageViewer/state');

const messageRef = z.object({ partition: z.number().check(z.int(), z.gte(0)), offset: z.number().check(z.int(), z.gte(0)) });
export type MessageRef = z.infer<typeof messageRef>;

/** Turns a page or changes the filter; replies with the new snapshot. */
export const SetQuery = defineRequest<ViewerQuery, MessageViewerSnapshot>('messageViewer/setQuery', viewerQuerySchema);

export const readSettingsSchema = z.object({
  from: z.string().check(z.minLength(1), z.maxLength(100)),
  partitions: z.array(z.number().check(z.int(), z.gte(0))).check(z.maxLength(10_000)),
  tail: z.boolean(),
});
/** Clears the buffer and reads again from a new start. */
export const Restart = defineRequest<ReadSettings, MessageViewerSnapshot>('messageViewer/restart', readSettingsSchema);

/** Pauses (new messages are held, the page stays still) or resumes a live tail. */
export const SetPaused = defineRequest<{ paused: boolean }, MessageViewerSnapshot>('messageViewer/setPaused', z.object({ paused: z.boolean() }));

/** Stops the read (a live tail ends). */
export const StopRead = defineRequest<Record<string, never>, MessageViewerSnapshot>('messageViewer/stop', z.object({}));

/** The decoded message for the detail pane (JSON pretty, headers, Debezium before/after). */
export const GetDetail = defineRequest<MessageRef, DecodedMessage>('messageViewer/detail', messageRef);

/** Copies the message as JSON to the clipboard. */
export const CopyMessage = defineRequest<MessageRef, boolean>('messageViewer/copy', messageRef);

/** Produces the message's key, value and headers to the topic again (the Produce command). */
export const ProduceAgain = defineRequest<MessageRef, { sent: number }>('messageViewer/produceAgain', messageRef);

/** Saves the current filter result (save dialog) as JSON Lines or CSV; replies with where and how many, or null when cancelled. */
export const ExportResult = defineRequest<{ format: 'jsonl' | 'csv' }, { path: string; count: number } | null>('messageViewer/export', z.object({ format: z.enum(['jsonl', 'csv']) }));
