export { escapeXml, modeledError, serializeError, serializeResponse } from './serialize.js';
export type { XmlResponse } from './serialize.js';
