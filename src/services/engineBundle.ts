/**
 * Entry of dist/engine.js: everything that talks to Docker and the stack's services.
 * The extension loads it on first use, so activation only pays for the VS Code glue.
 */
export { createStack, hostAddressFor } from './stack/createStack';
export { hostEndpointFacts } from './docker/engineEndpointFacts';
export { StackService } from './stack/stackService';
export { connectionString } from '../domain/stack/stackSpec';
export { ConnectClient } from './connect/connectClient';
export { createKafkaClient } from './kafka/createKafkaClient';
export { connectionDataServices, stackDataServices } from './data/dataServices';
export { openDataSource } from './data/dataSources';
export { decodeObject } from './aws/objectDecoder';
export { listLocalImages, loadAwsSharedConfig, openEcrApi, pushImageToEcr } from './aws/ecrWorkbench';
export { parseMongoFilter } from './mongo/mongoExplorer';
export { stackPipelineEnvironment } from './connect/pipelineEnvironment';
export { checkPipelineConnectors, loadPipelineDir, runPipeline } from './connect/pipelineRunner';
export { avroDecoderFor } from './kafka/schemaRegistry';
