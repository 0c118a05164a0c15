/** An answer's body as a question writes it: text, or pieces of text and bytes. */
export type AnswerText = Iterable<string | Uint8Array> | string;

/** What a worker's answer says besides its bytes. */
export interface AnswerHead {
  type: string;
  headers?: Record<string, string>;
}

/**
 * An answer's media type, headers and body in one buffer of its own: a worker hands it over
 * by transfer, without a copy — a national network's report is hundreds of MB, and a copy
 * would be made on the main thread. Layout: the head's length (uint32, little-endian), the
 * head as JSON, then the body.
 *
 * @example
 * unpackAnswer(packAnswer({ type: 'application/json' }, ['{"a":', '1}'])).body; // the bytes of {"a":1}
 */
export function packAnswer(head: AnswerHead, text: AnswerText): Uint8Array {
  const headBytes = Buffer.from(JSON.stringify(head));
  const parts = textParts(text);
  const bytes = new Uint8Array(4 + headBytes.length + parts.reduce((n, p) => n + p.length, 0));
  new DataView(bytes.buffer).setUint32(0, headBytes.length, true);
  bytes.set(headBytes, 4);
  let at = 4 + headBytes.length;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
  }
  return bytes;
}

/** The head and the body of a packed answer; the body is a view of the same memory. */
export function unpackAnswer(bytes: Uint8Array): AnswerHead & { body: Uint8Array } {
  const length = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, true);
  const head = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset + 4, length).toString('utf8')) as AnswerHead;
  return { ...head, body: bytes.subarray(4 + length) };
}

/**
 * An answer's body as one buffer, for an answer made on the main thread (nothing to hand over).
 *
 * @example
 * answerBody(['{"a":', '1}']).toString(); // '{"a":1}'
 */
export function answerBody(text: AnswerText): Buffer {
  return typeof text === 'string' ? Buffer.from(text) : Buffer.concat(textParts(text));
}

const textParts = (text: AnswerText): Uint8Array[] =>
  typeof text === 'string' ? [Buffer.from(text)] : Array.from(text, (chunk) => (typeof chunk === 'string' ? Buffer.from(chunk) : chunk));
