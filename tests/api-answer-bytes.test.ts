import { describe, expect, it } from 'vitest';
import { answerBody, packAnswer, unpackAnswer } from '../api/jobs/answer-bytes.js';

describe('answer bytes: one buffer a worker transfers', () => {
  it('gives back the media type, the headers and the body as written, chunks joined', () => {
    const packed = packAnswer({ type: 'application/geo+json', headers: { 'OGC-NumberMatched': '12' } }, ['{"type":', '"FeatureCollection","n":"é"}']);
    const { type, headers, body } = unpackAnswer(packed);
    expect(type).toBe('application/geo+json');
    expect(headers).toEqual({ 'OGC-NumberMatched': '12' });
    expect(Buffer.from(body).toString('utf8')).toBe('{"type":"FeatureCollection","n":"é"}');
  });

  it('owns its memory alone (no pooled Buffer to transfer), and the body is a view of it, not a copy', () => {
    const packed = packAnswer({ type: 'application/json' }, '[]');
    expect(packed.byteOffset).toBe(0);
    expect(packed.buffer.byteLength).toBe(packed.byteLength);
    const { body } = unpackAnswer(packed);
    expect(body.buffer).toBe(packed.buffer);
    expect(Buffer.from(body).toString()).toBe('[]');
  });

  it('holds an empty body', () => {
    expect(unpackAnswer(packAnswer({ type: 'text/plain' }, [])).body.byteLength).toBe(0);
  });

  it('joins a main-thread answer into one buffer', () => {
    expect(answerBody(['{"n":', Buffer.from('"é"'), '}']).toString('utf8')).toBe('{"n":"é"}');
    expect(answerBody('[]').toString()).toBe('[]');
    expect(answerBody([]).byteLength).toBe(0);
  });
});
