import { addressRefusal, classifyAddress, outboundTarget, parseIPv4, parseIPv6, type AddressClass } from '../../../../lambdas/core/access/outbound-target';

const DENY = { allowPrivate: false };
const ALLOW = { allowPrivate: true };

describe('classifyAddress', () => {
  const table: [string, AddressClass | undefined][] = [
    // IPv4, canonical
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'reserved'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['169.254.169.254', 'link-local'],
    ['169.254.0.1', 'link-local'],
    ['10.0.0.5', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.1', 'public'],
    ['172.15.255.255', 'public'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'cgnat'],
    ['100.127.255.255', 'cgnat'],
    ['100.128.0.1', 'public'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'reserved'],
    ['192.0.2.10', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['8.8.8.8', 'public'],
    ['52.94.236.248', 'public'],
    // IPv4 in the legacy forms inet_aton and URL parsers accept
    ['127.1', 'loopback'],
    ['0x7f.1', 'loopback'],
    ['0x7f000001', 'loopback'],
    ['2130706433', 'loopback'],
    ['0177.0.0.1', 'loopback'],
    ['0xa9.0xfe.0xa9.0xfe', 'link-local'],
    ['2852039166', 'link-local'],
    ['10.1', 'private'],
    ['127.0.0.1.', 'loopback'],
    ['0', 'unspecified'],
    // IPv6
    ['::', 'unspecified'],
    ['[::]', 'unspecified'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf::1', 'link-local'],
    ['fd00:ec2::254', 'metadata'],
    ['fd00:ec2:0:0:0:0:0:254', 'metadata'],
    ['fd00:ec2::253', 'private'],
    ['fc00::1', 'private'],
    ['fdff:ffff::1', 'private'],
    ['fec0::1', 'private'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'reserved'],
    ['2606:4700:4700::1111', 'public'],
    ['2a05:d018::1', 'public'],
    // IPv6 carrying IPv4: mapped, compatible, NAT64, 6to4
    ['::ffff:127.0.0.1', 'loopback'],
    ['[::ffff:127.0.0.1]', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['::ffff:a9fe:a9fe', 'link-local'],
    ['::ffff:10.0.0.5', 'private'],
    ['::ffff:0.0.0.0', 'unspecified'],
    ['::ffff:8.8.8.8', 'public'],
    ['0:0:0:0:0:ffff:7f00:1', 'loopback'],
    ['::127.0.0.1', 'loopback'],
    ['64:ff9b::a9fe:a9fe', 'link-local'],
    ['64:ff9b::8.8.8.8', 'public'],
    ['2002:a00:5::1', 'private'],
    ['2002:808:808::1', 'public'],
    // not IP literals
    ['example.com', undefined],
    ['localhost', undefined],
    ['256.0.0.1', undefined],
    ['1.2.3.4.5', undefined],
    ['0x100000000', undefined],
    ['08.0.0.1', undefined],
    ['1::2::3', undefined],
    ['1:2:3:4:5:6:7:8:9', undefined],
    ['::ffff:1.2.3', undefined],
    ['gggg::1', undefined],
  ];
  it.each(table)('%s is %s', (host, expected) => {
    expect(classifyAddress(host)).toBe(expected);
  });

  it('parses the numeric forms to the same address', () => {
    const loopback = 0x7f000001;
    for (const form of ['127.0.0.1', '127.1', '127.0.1', '0x7f.1', '0x7f.0.0.1', '2130706433', '0177.1']) expect(parseIPv4(form)).toBe(loopback);
    expect(parseIPv6('::ffff:127.0.0.1')).toEqual([0, 0, 0, 0, 0, 0xffff, 0x7f00, 1]);
    expect(parseIPv6('1:2:3:4:5:6:1.2.3.4')).toEqual([1, 2, 3, 4, 5, 6, 0x102, 0x304]);
    expect(parseIPv6('1::')).toEqual([1, 0, 0, 0, 0, 0, 0, 0]);
    expect(parseIPv6('1:2:3:4:5:6:7::')).toEqual([1, 2, 3, 4, 5, 6, 7, 0]);
  });
});

describe('addressRefusal (resolved addresses)', () => {
  it('refuses private classes under deny only, link-local / metadata / unspecified always, and anything unparsable', () => {
    expect(addressRefusal('10.0.0.5', DENY)).toBe('a private address');
    expect(addressRefusal('10.0.0.5', ALLOW)).toBeUndefined();
    expect(addressRefusal('127.0.0.1', DENY)).toBe('a loopback address');
    expect(addressRefusal('100.64.1.1', DENY)).toBe('a shared (CGNAT) address');
    expect(addressRefusal('169.254.169.254', ALLOW)).toBe('a link-local address, never allowed');
    expect(addressRefusal('fd00:ec2::254', ALLOW)).toBe('a cloud metadata address, never allowed');
    expect(addressRefusal('::', ALLOW)).toBe('an unspecified address, never allowed');
    expect(addressRefusal('8.8.8.8', DENY)).toBeUndefined();
    expect(addressRefusal('not-an-ip', ALLOW)).toBe('not an IP address');
  });
});

describe('outboundTarget (URLs)', () => {
  const refused = (url: string, policy = DENY) => {
    const v = outboundTarget(url, policy);
    return v.ok ? undefined : v.reason;
  };

  it('accepts public http(s) URLs and returns the parsed URL', () => {
    const v = outboundTarget('https://hooks.slack.com/services/T/B/X', DENY);
    expect(v.ok && v.url.hostname).toBe('hooks.slack.com');
    expect(refused('http://8.8.8.8:8080/hook')).toBeUndefined();
    expect(refused('http://[2606:4700::1111]/hook')).toBeUndefined();
  });

  it('requires http or https, no credentials, a parsable URL', () => {
    expect(refused('ftp://example.com/x')).toBe('scheme ftp: is not allowed (http or https only)');
    expect(refused('file:///etc/passwd', ALLOW)).toBe('scheme file: is not allowed (http or https only)');
    expect(refused('gopher://example.com/', ALLOW)).toMatch(/scheme gopher:/);
    expect(refused('https://user:pass@example.com/x', ALLOW)).toBe('credentials in the URL (user:pass@) are not allowed');
    expect(refused('https://user@example.com/x', ALLOW)).toBe('credentials in the URL (user:pass@) are not allowed');
    expect(refused('not a url', ALLOW)).toBe('not a valid URL');
    expect(refused('http://', ALLOW)).toBe('not a valid URL');
  });

  it('refuses link-local, metadata and unspecified hosts whatever the policy', () => {
    for (const policy of [DENY, ALLOW]) {
      expect(refused('http://169.254.169.254/latest/meta-data', policy)).toBe('host 169.254.169.254 is a link-local address, never allowed');
      expect(refused('http://[fd00:ec2::254]/latest/meta-data', policy)).toBe('host fd00:ec2::254 is a cloud metadata address, never allowed');
      expect(refused('http://0.0.0.0:9001/', policy)).toBe('host 0.0.0.0 is an unspecified address, never allowed');
      expect(refused('http://[::]/', policy)).toBe('host :: is an unspecified address, never allowed');
      expect(refused('http://[fe80::1]/', policy)).toMatch(/link-local address, never allowed/);
    }
  });

  it('refuses private-class literals and localhost names only when private targets are denied', () => {
    const privateUrls = ['http://10.0.0.5/hook', 'http://127.0.0.1:9001/2018-06-01/runtime/invocation/next', 'http://192.168.0.1/', 'http://172.20.0.1/', 'http://100.64.0.1/', 'http://[::1]:8080/', 'http://[fd12::1]/', 'http://localhost:9093/', 'http://LOCALHOST./', 'http://api.localhost/'];
    for (const url of privateUrls) {
      expect(refused(url, DENY)).toMatch(/^host .+ is an? .+ address, and private targets are not allowed$/);
      expect(refused(url, ALLOW)).toBeUndefined();
    }
    expect(refused('http://10.0.0.5/hook')).toBe('host 10.0.0.5 is a private address, and private targets are not allowed');
    // Names that merely contain "localhost" are ordinary names, checked when they resolve.
    expect(refused('http://localhost.example.com/')).toBeUndefined();
    expect(refused('http://mylocalhost/')).toBeUndefined();
  });

  it('checks what the URL parser makes of obfuscated hosts', () => {
    // WHATWG URL normalises the numeric IPv4 forms and compresses IPv6: the check sees the result.
    expect(new URL('http://0x7f.1/').hostname).toBe('127.0.0.1');
    expect(new URL('http://2130706433/').hostname).toBe('127.0.0.1');
    expect(new URL('http://127.1/').hostname).toBe('127.0.0.1');
    expect(new URL('http://[::ffff:127.0.0.1]/').hostname).toBe('[::ffff:7f00:1]');
    expect(refused('http://0x7f.1/')).toBe('host 127.0.0.1 is a loopback address, and private targets are not allowed');
    expect(refused('http://2130706433:9001/')).toBe('host 127.0.0.1 is a loopback address, and private targets are not allowed');
    expect(refused('http://127.1/')).toBe('host 127.0.0.1 is a loopback address, and private targets are not allowed');
    expect(refused('http://[::ffff:127.0.0.1]/')).toBe('host ::ffff:7f00:1 is a loopback address, and private targets are not allowed');
    expect(refused('http://0xa9fea9fe/', ALLOW)).toBe('host 169.254.169.254 is a link-local address, never allowed');
    expect(refused('http://[::ffff:169.254.169.254]/', ALLOW)).toBe('host ::ffff:a9fe:a9fe is a link-local address, never allowed');
    expect(refused('http://0/', ALLOW)).toBe('host 0.0.0.0 is an unspecified address, never allowed');
    expect(refused('http://%31%32%37.0.0.1/')).toBe('host 127.0.0.1 is a loopback address, and private targets are not allowed');
  });
});
