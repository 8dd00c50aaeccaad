import { AppError } from '../../common/app-error';
import { parseAccept, qualityOf } from '../serialization/media-ranges';

export type MetadataFormat = 'xml' | 'json';

const MEDIA_TYPES: Readonly<Record<MetadataFormat, string>> = { xml: 'application/xml', json: 'application/json' };

/** The Content-Type each representation of `$metadata` is sent with. */
export function metadataContentType(format: MetadataFormat): string {
  return MEDIA_TYPES[format];
}

/**
 * Chooses CSDL XML or CSDL JSON (OData Part 1 §11.1.2): `$format` wins over `Accept`; without either,
 * or on a tie, XML, as OData 4.0 clients expect. A request that rules out both is a 406.
 */
export function negotiateMetadataFormat(formatOption: string | undefined, accept: string | undefined): MetadataFormat {
  if (formatOption !== undefined) return fromFormatOption(formatOption);
  if (accept === undefined || accept.trim() === '') return 'xml';
  const ranges = parseAccept(accept);
  const xml = qualityOf(ranges, MEDIA_TYPES.xml);
  const json = qualityOf(ranges, MEDIA_TYPES.json);
  if (xml === 0 && json === 0) {
    throw AppError.notAcceptable(`$metadata is available as ${MEDIA_TYPES.xml} or ${MEDIA_TYPES.json}; the Accept header allows neither.`);
  }
  return json > xml ? 'json' : 'xml';
}

// OData Part 2 §5.1.8: `json`, `xml`, or a media type, possibly with parameters.
function fromFormatOption(value: string): MetadataFormat {
  const normalized = value.split(';', 1)[0].trim().toLowerCase();
  if (normalized === 'xml' || normalized === MEDIA_TYPES.xml) return 'xml';
  if (normalized === 'json' || normalized === MEDIA_TYPES.json) return 'json';
  throw AppError.notAcceptable(`$format '${value.slice(0, 60)}' is not available for $metadata; use $format=xml or $format=json.`);
}
