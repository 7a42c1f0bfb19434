/**
 * What an address is, for deciding whether the platform may send requests to it. `public` is
 * everything not listed; the rest are special-purpose ranges (RFC 6890 and friends).
 */
export type AddressClass =
  | 'public'
  | 'unspecified'
  | 'loopback'
  | 'link-local'
  | 'metadata'
  | 'private'
  | 'cgnat'
  | 'multicast'
  | 'reserved';

/** Which targets an outbound request may reach. */
export interface OutboundPolicy {
  /** Allow loopback, private (RFC 1918, fc00::/7), CGNAT, multicast and reserved targets. */
  readonly allowPrivate: boolean;
  /**
   * Refuse loopback even when private targets are allowed: on AWS Lambda the only thing on
   * loopback is the function's own runtime and extensions API. @default false
   */
  readonly refuseLoopback?: boolean;
}

/** The outcome of {@link outboundTarget}: the parsed URL, or why it is refused. */
export type OutboundVerdict = { readonly ok: true; readonly url: URL } | { readonly ok: false; readonly reason: string };

// Never reachable, whatever the policy: instance metadata and the Lambda runtime live here, and
// 0.0.0.0 / :: connect to the local host on most stacks.
const ALWAYS_REFUSED: ReadonlySet<AddressClass> = new Set(['unspecified', 'link-local', 'metadata']);

const DESCRIPTION: Record<AddressClass, string> = {
  public: 'a public address',
  unspecified: 'an unspecified address',
  loopback: 'a loopback address',
  'link-local': 'a link-local address',
  metadata: 'a cloud metadata address',
  private: 'a private address',
  cgnat: 'a shared (CGNAT) address',
  multicast: 'a multicast address',
  reserved: 'a reserved address',
};

/** "a private address" and the like, for messages. */
export function describeAddressClass(c: AddressClass): string {
  return DESCRIPTION[c];
}

// One inet_aton part: decimal, octal with a leading 0, or hex with 0x (what URL parsers accept).
function parsePart(p: string): number | undefined {
  if (/^0x[0-9a-f]*$/i.test(p)) return p.length === 2 ? 0 : parseInt(p.slice(2), 16);
  if (/^0[0-7]+$/.test(p)) return parseInt(p.slice(1), 8);
  if (/^(0|[1-9][0-9]*)$/.test(p)) return Number(p);
  return undefined;
}

/**
 * An IPv4 literal as a 32-bit number, accepting the legacy forms URL parsers and inet_aton
 * accept (`127.1`, `0x7f.1`, `2130706433`, `0177.0.0.1`); undefined when not an IPv4 literal.
 */
export function parseIPv4(text: string): number | undefined {
  const parts = text.replace(/\.$/, '').split('.');
  if (parts.length === 0 || parts.length > 4) return undefined;
  const nums = parts.map(parsePart);
  if (nums.some((n) => n === undefined)) return undefined;
  const ns = nums as number[];
  const last = ns[ns.length - 1];
  if (ns.slice(0, -1).some((n) => n > 255) || last >= 2 ** (8 * (5 - ns.length))) return undefined;
  return ns.slice(0, -1).reduce((acc, n, i) => acc + n * 2 ** (8 * (3 - i)), 0) + last;
}

/** An IPv6 literal (brackets and a zone id allowed) as eight 16-bit groups; undefined when not one. */
export function parseIPv6(text: string): number[] | undefined {
  let s = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  s = s.replace(/%.*$/, '');
  if (!s.includes(':')) return undefined;
  // A trailing dotted IPv4 part stands for the last two groups.
  const lastColon = s.lastIndexOf(':');
  const dotted = s.slice(lastColon + 1);
  if (dotted.includes('.')) {
    const v4 = /^\d{1,3}(\.\d{1,3}){3}$/.test(dotted) ? parseIPv4(dotted) : undefined;
    if (v4 === undefined) return undefined;
    s = `${s.slice(0, lastColon + 1)}${Math.floor(v4 / 65536).toString(16)}:${(v4 % 65536).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groups = (h: string) => (h === '' ? [] : h.split(':'));
  const head = groups(halves[0]);
  const rest = halves.length === 2 ? groups(halves[1]) : [];
  if ([...head, ...rest].some((g) => !/^[0-9a-f]{1,4}$/i.test(g))) return undefined;
  const nums = (gs: string[]) => gs.map((g) => parseInt(g, 16));
  if (halves.length === 1) return head.length === 8 ? nums(head) : undefined;
  if (head.length + rest.length > 7) return undefined;
  return [...nums(head), ...new Array<number>(8 - head.length - rest.length).fill(0), ...nums(rest)];
}

const inV4 = (ip: number, base: string, bits: number) => Math.floor(ip / 2 ** (32 - bits)) === Math.floor(parseIPv4(base)! / 2 ** (32 - bits));

function classifyV4(ip: number): AddressClass {
  if (inV4(ip, '0.0.0.0', 32)) return 'unspecified';
  if (inV4(ip, '169.254.0.0', 16)) return 'link-local';
  if (inV4(ip, '127.0.0.0', 8)) return 'loopback';
  if (inV4(ip, '10.0.0.0', 8) || inV4(ip, '172.16.0.0', 12) || inV4(ip, '192.168.0.0', 16)) return 'private';
  if (inV4(ip, '100.64.0.0', 10)) return 'cgnat';
  if (inV4(ip, '224.0.0.0', 4)) return 'multicast';
  // "This network", IETF protocol assignments, documentation, benchmarking, 240/4 and broadcast.
  const reserved: [string, number][] = [['0.0.0.0', 8], ['192.0.0.0', 24], ['192.0.2.0', 24], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24], ['240.0.0.0', 4]];
  if (reserved.some(([b, n]) => inV4(ip, b, n))) return 'reserved';
  return 'public';
}

function classifyV6(g: number[]): AddressClass {
  const zeroUpTo = (n: number) => g.slice(0, n).every((x) => x === 0);
  const v4 = () => g[6] * 65536 + g[7];
  if (zeroUpTo(8)) return 'unspecified';
  if (zeroUpTo(7) && g[7] === 1) return 'loopback';
  // IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d) and NAT64 (64:ff9b::/96) carry an IPv4 target.
  if (zeroUpTo(5) && (g[5] === 0xffff || g[5] === 0)) return classifyV4(v4());
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) return classifyV4(v4());
  // 6to4 (2002::/16) embeds the IPv4 address in groups 1 and 2.
  if (g[0] === 0x2002) return classifyV4(g[1] * 65536 + g[2]);
  if (g[0] === 0xfd00 && g[1] === 0x0ec2 && g.slice(2, 7).every((x) => x === 0) && g[7] === 0x254) return 'metadata';
  if ((g[0] & 0xffc0) === 0xfe80) return 'link-local';
  if ((g[0] & 0xfe00) === 0xfc00 || (g[0] & 0xffc0) === 0xfec0) return 'private';
  if ((g[0] & 0xff00) === 0xff00) return 'multicast';
  // Discard-only 100::/64, Teredo 2001::/32, documentation 2001:db8::/32, and the unassigned ::/8.
  if ((g[0] === 0x100 && g[1] === 0 && g[2] === 0 && g[3] === 0) || (g[0] === 0x2001 && (g[1] === 0 || g[1] === 0xdb8)) || g[0] < 0x100) return 'reserved';
  return 'public';
}

/** The class of an IP literal (v4 in any inet_aton form, v6 with or without brackets); undefined when `host` is not one. */
export function classifyAddress(host: string): AddressClass | undefined {
  const v4 = parseIPv4(host);
  if (v4 !== undefined) return classifyV4(v4);
  const v6 = parseIPv6(host);
  return v6 === undefined ? undefined : classifyV6(v6);
}

/** Why `policy` refuses an address of class `c`, as "a private address"; undefined when allowed. */
export function classRefusal(c: AddressClass, policy: OutboundPolicy): string | undefined {
  if (c === 'public') return undefined;
  if (ALWAYS_REFUSED.has(c)) return `${DESCRIPTION[c]}, never allowed`;
  if (c === 'loopback' && policy.refuseLoopback) return `${DESCRIPTION[c]}, the function's own runtime API on AWS Lambda`;
  return policy.allowPrivate ? undefined : DESCRIPTION[c];
}

/** Why `policy` refuses a resolved address, or undefined when it may be connected to; anything unparsable is refused. */
export function addressRefusal(address: string, policy: OutboundPolicy): string | undefined {
  const c = classifyAddress(address);
  return c === undefined ? 'not an IP address' : classRefusal(c, policy);
}

const isLocalhostName = (host: string) => /(^|\.)localhost\.?$/i.test(host);

/**
 * Validates a URL the platform will POST or probe to: http or https only, no `user:pass@`, a
 * host, and (by `policy`) no private-class IP literal or `localhost` name. Link-local, metadata
 * and unspecified addresses are refused whatever the policy. Names are not resolved here: the
 * sender checks what they resolve to when it connects. The reason suits a 400 error body.
 */
export function outboundTarget(url: string, policy: OutboundPolicy): OutboundVerdict {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { ok: false, reason: 'not a valid URL' };
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return { ok: false, reason: `scheme ${u.protocol} is not allowed (http or https only)` };
  if (u.username !== '' || u.password !== '') return { ok: false, reason: 'credentials in the URL (user:pass@) are not allowed' };
  if (u.hostname === '') return { ok: false, reason: 'the URL has no host' };
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const c = classifyAddress(host) ?? (isLocalhostName(host) ? 'loopback' : undefined);
  const why = c === undefined ? undefined : classRefusal(c, policy);
  if (why === undefined) return { ok: true, url: u };
  const suffix = ALWAYS_REFUSED.has(c!) ? '' : ', and private targets are not allowed';
  return { ok: false, reason: `host ${host} is ${why}${suffix}` };
}
