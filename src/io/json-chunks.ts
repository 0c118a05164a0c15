const CHUNK = 1 << 20;

/**
 * Serialises a JSON object whose fields may hold very large arrays or lazy iterables (a national network's
 * single-cut tables) in chunks of about 1 MiB, one array element per line, so that no single
 * string approaches V8's string length limit. Parses to the same value as `JSON.stringify`.
 *
 * @example
 * for (const chunk of jsonChunks({ bridges: ['S-1', 'S-2'] })) process.stdout.write(chunk);
 * // {
 * //   "bridges": [
 * //     "S-1",
 * //     "S-2"
 * //   ]
 * // }
 */
export function* jsonChunks(value: Record<string, unknown>): Generator<string> {
  let buffer = '{';
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  for (const [i, [key, field]] of entries.entries()) {
    buffer += `${i ? ',' : ''}\n  ${JSON.stringify(key)}: `;
    if (!isList(field)) {
      buffer += JSON.stringify(field);
      continue;
    }
    let count = 0;
    buffer += '[';
    for (const element of field) {
      buffer += `${count++ ? ',' : ''}\n    ${JSON.stringify(element)}`;
      if (buffer.length >= CHUNK) {
        yield buffer;
        buffer = '';
      }
    }
    buffer += count ? '\n  ]' : ']';
  }
  yield `${buffer}\n}\n`;
}

const isList = (value: unknown): value is Iterable<unknown> =>
  Array.isArray(value) || (typeof value === 'object' && value !== null && Symbol.iterator in value);
