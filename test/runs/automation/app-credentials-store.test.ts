import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAppCredentials, saveRotatedTokens } from '../../../shared/runs/automation/app-credentials-store';
import { tempDir } from '../../support/temp-dir';

const env = (refresh: string) => ({ SPM_APP_CLIENT_ID: 'local.abc', SPM_APP_CLIENT_SECRET: 'secret', SPM_APP_REFRESH_TOKEN: refresh });

describe('application credentials between runs', () => {
  it('is null unless all three variables are set', async () => {
    expect(await loadAppCredentials({ SPM_APP_CLIENT_ID: 'x', SPM_APP_CLIENT_SECRET: 'y' }, tempDir())).toBeNull();
  });

  it('uses the newest rotated refresh token, kept owner-only in the data folder; a newly pasted token wins', async () => {
    const dir = tempDir('spm-oauth-');
    expect(await loadAppCredentials(env('pasted-1'), dir)).toEqual({ clientId: 'local.abc', clientSecret: 'secret', refreshToken: 'pasted-1' });
    await saveRotatedTokens(dir, 'local.abc', 'pasted-1')({ accessToken: 'a', refreshToken: 'rotated-2', clientEndpoint: 'https://x/rest/' });
    expect((await loadAppCredentials(env('pasted-1'), dir))?.refreshToken).toBe('rotated-2');
    expect((await loadAppCredentials(env('pasted-9'), dir))?.refreshToken).toBe('pasted-9');
    const [file] = readdirSync(join(dir, 'app-oauth'));
    const path = join(dir, 'app-oauth', file!);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const saved = readFileSync(path, 'utf8');
    expect(saved).not.toContain('pasted-1');
    expect(saved).not.toContain('"a"');
  });
});
