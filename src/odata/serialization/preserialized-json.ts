/**
 * A value whose JSON text is already written (elsewhere, e.g. by a worker thread, as UTF-8 bytes):
 * the output formatter splices it into the response as it is, instead of serializing a large value
 * again on the event loop.
 */
export class PreserializedJson {
  constructor(readonly bytes: Uint8Array) {}
}

/**
 * The JSON body of an object whose top-level values may be PreserializedJson: the other members are
 * serialized as usual, the preserialized ones inserted verbatim. Bytes, so that a body of megabytes
 * is sent without being copied into a string and encoded back.
 */
export function serializeWithPreserialized(object: Record<string, unknown>): Buffer {
  const chunks: Uint8Array[] = [];
  let pending = '{';
  for (const [name, value] of Object.entries(object)) {
    if (value === undefined) continue;
    pending += `${pending === '{' ? '' : ','}${JSON.stringify(name)}:`;
    if (value instanceof PreserializedJson) {
      chunks.push(Buffer.from(pending), value.bytes);
      pending = '';
    } else {
      pending += JSON.stringify(value);
    }
  }
  chunks.push(Buffer.from(`${pending}}`));
  return Buffer.concat(chunks);
}

export function hasPreserializedMember(object: Record<string, unknown>): boolean {
  return Object.values(object).some((value) => value instanceof PreserializedJson);
}
