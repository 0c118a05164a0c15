import { describe, expect, it } from 'vitest';
import { helmetHeaders } from '../api/security-headers.js';

describe('helmetHeaders', () => {
  it("gives helmet's headers for the options, computed once", () => {
    const headers = helmetHeaders({
      contentSecurityPolicy: { directives: { 'img-src': ["'self'", 'data:'], 'upgrade-insecure-requests': null } },
      crossOriginResourcePolicy: { policy: 'cross-origin' },
    });
    // Helmet 8's defaults (https://helmetjs.github.io/), with the two options above.
    expect(headers['content-security-policy']).toBe(
      "default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';frame-ancestors 'self';img-src 'self' data:;object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self' https: 'unsafe-inline'",
    );
    expect(headers).toMatchObject({
      'cross-origin-resource-policy': 'cross-origin',
      'cross-origin-opener-policy': 'same-origin',
      'x-frame-options': 'SAMEORIGIN',
      'x-content-type-options': 'nosniff',
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
      'referrer-policy': 'no-referrer',
    });
    expect(Object.keys(headers).every((name) => name === name.toLowerCase())).toBe(true);
    expect(headers['x-powered-by']).toBeUndefined();
  });

  it('leaves out a header turned off', () => {
    const headers = helmetHeaders({ strictTransportSecurity: false, xFrameOptions: { action: 'deny' } });
    expect(headers['strict-transport-security']).toBeUndefined();
    expect(headers['x-frame-options']).toBe('DENY');
  });
});
