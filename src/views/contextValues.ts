/** contextValue strings; package.json `when` clauses match these verbatim. */
export const CONTEXT = {
  serviceRunning: 'shoreline.service.running',
  serviceStopped: 'shoreline.service.stopped',
  serviceMissing: 'shoreline.service.missing',
  message: 'shoreline.message',
} as const;
