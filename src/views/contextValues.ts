/** contextValue strings; package.json `when` clauses match these verbatim. */
export const CONTEXT = {
  serviceRunning: 'shoreline.service.running',
  serviceStopped: 'shoreline.service.stopped',
  serviceMissing: 'shoreline.service.missing',
  message: 'shoreline.message',
  connectWorker: 'shoreline.connect.worker',
  /** Suffixed with the state in lower case: shoreline.connector.running, .paused, .stopped, .failed, ... */
  connectorPrefix: 'shoreline.connector.',
  taskOk: 'shoreline.task.ok',
  taskFailed: 'shoreline.task.failed',
  plugin: 'shoreline.connect.plugin',
  group: 'shoreline.group',
} as const;
