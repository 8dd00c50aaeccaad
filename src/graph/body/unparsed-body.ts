import { isUtf8 } from 'node:buffer';
import { GraphHttpError } from '../errors/graph-error';

/**
 * Bodies up to this size are parsed on arrival; larger ones (a pool with thousands of activation
 * codes) are handed on as bytes, for their consumer to parse off the event loop: JSON.parse of a
 * 15 MB body holds the event loop for 50–90 ms, and every other tenant with it.
 */
export const INLINE_PARSE_LIMIT_BYTES = 256 * 1024;

/**
 * A request body the HTTP layer hands on as bytes rather than parsed: parsing it is work that whoever
 * consumes the body may do off the event loop (the bytes move to a worker thread without a copy), or
 * inline, where it is small work after all.
 */
export abstract class UnparsedBody {
  /** The body's UTF-8 bytes. */
  constructor(readonly bytes: Uint8Array) {}

  /**
   * The body as text. Bytes that are not UTF-8 are a 400: decoding would replace them with U+FFFD and
   * store something other than what was sent (RFC 8259 §8.1 requires UTF-8 of JSON anyway).
   */
  get text(): string {
    const buffer = Buffer.from(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
    if (!isUtf8(buffer)) throw GraphHttpError.badRequest('The request body is not valid UTF-8; send it encoded as UTF-8.');
    return buffer.toString('utf8');
  }

  /** Whether parsing it is enough CPU work to belong off the event loop. */
  get large(): boolean {
    return this.bytes.byteLength > INLINE_PARSE_LIMIT_BYTES;
  }
}
