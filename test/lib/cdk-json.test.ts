import * as fs from 'fs';
import * as path from 'path';
import { CURRENTLY_RECOMMENDED_FLAGS } from 'aws-cdk-lib/cx-api';

describe('cdk.json', () => {
  const cdkJson = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'cdk.json'), 'utf8'));

  it('runs the app with tsx', () => {
    expect(cdkJson.app).toBe('npx tsx bin/observability.ts');
  });

  it('sets every feature flag aws-cdk-lib currently recommends, with the recommended value', () => {
    for (const [flag, value] of Object.entries(CURRENTLY_RECOMMENDED_FLAGS)) {
      expect([flag, cdkJson.context[flag]]).toEqual([flag, value]);
    }
  });

  it('holds no platform settings, so their defaults live in lib/config.ts only', () => {
    expect(Object.keys(cdkJson.context).filter((key) => !key.startsWith('@aws-cdk'))).toEqual([]);
  });
});
