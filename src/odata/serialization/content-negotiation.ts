import type { FastifyRequest } from 'fastify';
import { GraphHttpError } from '../../graph/errors/graph-error';

/** OData JSON Format §3.1: how much control information a response carries. */
export type MetadataLevel = 'minimal' | 'none' | 'full';

const METADATA_LEVELS: readonly MetadataLevel[] = ['minimal', 'none', 'full'];

export function odataJsonContentType(level: MetadataLevel): string {
  return `application/json;odata.metadata=${level};odata.streaming=true;IEEE754Compatible=false;charset=utf-8`;
}

/**
 * Decides the response format from `$format`, `Accept` and `OData-MaxVersion` (OData 4.01 Part 1
 * §8.2.1, §8.2.7): JSON only, at the metadata level asked for. Anything else is a 406; a client that
 * cannot speak OData 4.0 gets a 400.
 */
export function negotiateJson(request: FastifyRequest, format: string | undefined): MetadataLevel {
  const maxVersion = request.headers['odata-maxversion'];
  if (typeof maxVersion === 'string' && Number.parseFloat(maxVersion) < 4) {
    throw GraphHttpError.badRequest(`OData-MaxVersion ${maxVersion.slice(0, 10)} is below 4.0, the version this service speaks.`);
  }
  if (format !== undefined) {
    const level = jsonMetadataLevel(format.toLowerCase() === 'json' ? 'application/json' : format);
    if (level === undefined) throw notAcceptable(`$format=${format.slice(0, 60)}`);
    return level;
  }
  const accept = request.headers.accept;
  if (accept === undefined || accept.trim() === '') return 'minimal';
  for (const range of accept.split(',')) {
    if (/;\s*q\s*=\s*0(\.0*)?\s*($|;)/i.test(range)) continue;
    const level = jsonMetadataLevel(range);
    if (level !== undefined) return level;
  }
  throw notAcceptable(`Accept: ${accept.slice(0, 100)}`);
}

/** The metadata level a media range asks for, or undefined when it does not admit OData JSON. */
function jsonMetadataLevel(mediaRange: string): MetadataLevel | undefined {
  const [type, ...parameters] = mediaRange.split(';').map((part) => part.trim().toLowerCase());
  if (type !== 'application/json' && type !== 'application/*' && type !== '*/*') return undefined;
  const requested = parameters.find((parameter) => parameter.startsWith('odata.metadata='))?.slice('odata.metadata='.length);
  if (requested === undefined) return 'minimal';
  return METADATA_LEVELS.find((level) => level === requested);
}

function notAcceptable(asked: string): GraphHttpError {
  return new GraphHttpError(406, 'notAcceptable', `${asked} cannot be served: this resource is available as application/json only.`);
}
