import type { ApiResponse } from '../http/api-types';

const ALWAYS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'strict-transport-security': 'max-age=63072000; includeSubDomains',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

/**
 * Adds the security headers every answer carries; JSON answers also get `cache-control: no-store`
 * (they may hold monitoring data) and a `default-src 'none'` CSP (nothing in them may load or
 * run). Headers a route set itself are kept.
 */
export function withSecurityHeaders(response: ApiResponse): ApiResponse {
  const headers: Record<string, string> = { ...ALWAYS };
  const own = response.headers ?? {};
  const type = Object.entries(own).find(([n]) => n.toLowerCase() === 'content-type')?.[1] ?? '';
  if (/json/i.test(type) || type === '') {
    headers['cache-control'] = 'no-store';
    headers['content-security-policy'] = "default-src 'none'; frame-ancestors 'none'";
  }
  for (const [name, value] of Object.entries(own)) {
    for (const k of Object.keys(headers)) if (k === name.toLowerCase()) delete headers[k];
    headers[name] = value;
  }
  return { ...response, headers };
}
