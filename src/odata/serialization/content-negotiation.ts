import type { FastifyRequest } from 'fastify';
import { AppError } from '../../common/app-error';
import { decidingRange, parseAccept, qualityOf } from './media-ranges';

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
    throw AppError.invalidInput(`OData-MaxVersion ${maxVersion.slice(0, 10)} is below 4.0, the version this service speaks.`);
  }
  if (format !== undefined) {
    // OData Part 2 §5.1.8: `json` or a media type, possibly with parameters.
    const [range] = parseAccept(format.toLowerCase() === 'json' ? 'application/json' : format);
    const level = range?.type === 'application' && range.subtype === 'json' ? metadataLevelOf(range.parameters) : undefined;
    if (level === undefined) throw notAcceptable(`$format=${format.slice(0, 60)}`);
    return level;
  }
  const accept = request.headers.accept;
  if (accept === undefined || accept.trim() === '') return 'minimal';
  const range = decidingRange(parseAccept(accept), 'application/json');
  const level = range === undefined || range.q === 0 ? undefined : metadataLevelOf(range.parameters);
  if (level === undefined) throw notAcceptable(`Accept: ${accept.slice(0, 100)}`);
  return level;
}

/**
 * Checks that a raw value (`/$count`) may be answered as `text/plain`: no `Accept`, or one that
 * admits it (text/plain, a text wildcard or the full wildcard, with a quality above 0), as the Graph
 * SDKs send it.
 */
export function negotiatePlainText(request: FastifyRequest, format: string | undefined): void {
  if (format !== undefined && !['text/plain', 'txt'].includes(format.split(';', 1)[0].trim().toLowerCase())) {
    throw notAcceptableAs(`$format=${format.slice(0, 60)}`, 'text/plain');
  }
  const accept = request.headers.accept;
  if (format !== undefined || accept === undefined || accept.trim() === '') return;
  if (qualityOf(parseAccept(accept), 'text/plain') === 0) throw notAcceptableAs(`Accept: ${accept.slice(0, 100)}`, 'text/plain');
}

/** `odata.metadata=…` of the deciding range; absent means minimal, an unknown level admits nothing. */
function metadataLevelOf(parameters: Readonly<Record<string, string>>): MetadataLevel | undefined {
  const requested = parameters['odata.metadata'];
  return requested === undefined ? 'minimal' : METADATA_LEVELS.find((level) => level === requested);
}

function notAcceptable(asked: string): AppError {
  return notAcceptableAs(asked, 'application/json');
}

function notAcceptableAs(asked: string, available: string): AppError {
  return AppError.notAcceptable(`${asked} cannot be served: this resource is available as ${available} only.`);
}
