import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_PLATFORM_CONFIG, PLATFORM_SETTING_KEYS } from '../../lib/config';

describe('README settings table', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('<!-- settings:start -->'), readme.indexOf('<!-- settings:end -->'));
  const rows = new Map(
    [...section.matchAll(/^\| `([A-Za-z0-9]+)` \| ([^|]+) \|/gm)].map((m) => [m[1], m[2].trim()] as [string, string]),
  );

  it('documents every setting, and only those', () => {
    expect([...rows.keys()].sort()).toEqual([...PLATFORM_SETTING_KEYS].sort());
  });

  it('states the default that lib/config.ts applies', () => {
    for (const key of PLATFORM_SETTING_KEYS) {
      const value = DEFAULT_PLATFORM_CONFIG[key];
      const expected = value === undefined ? '(none)' : `\`${String(value)}\``;
      expect([key, rows.get(key)]).toEqual([key, expected]);
    }
  });
});
