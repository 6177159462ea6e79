/**
 * Entry of dist/authoring.js: connector authoring (parser, offline validator and its plugin catalog, form model,
 * templates, SMT preview, pipeline report text) — about 300 KB the extension loads the first time a connector file,
 * form, template or preview is used, not at activation (src/commands/authoringBundle.ts). The CLI and tests import
 * the modules directly.
 */
export { parseConnectorFile, parseConnectorProperties, restPayload } from './connectorFile';
export { mergeReports, validateOffline, workerIssues } from './connectorValidator';
export { resolveStackReferences, stackValuesFor, withStackValues } from './stackVariables';
export { connectorFormat, editConnectorText } from './connectorEdit';
export { buildFormModel, currentWorkerIssues } from './connectorFormModel';
export { CONNECTOR_TEMPLATES, stackTemplateParams } from './connectorTemplates';
export { previewChain } from './smtPreview';
export { previewMarkdown } from './smtPreviewText';
export { parseSampleText } from './smtRecord';
export { defaultSampleId, findSample, sampleForConnector, SMT_SAMPLES } from './smtSamples';
export { pipelineReportText } from './pipelineReportText';
