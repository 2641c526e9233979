import { createAppSession, type AppSession } from './create-app-session';

/**
 * An application-context session on a sandbox portal (`SandboxHandle.appEndpoint`
 * and `.appAccessToken`): the sandbox emulates an installed local app, so no
 * OAuth server is involved and no refresh ever happens.
 */
export function sandboxAppSession(appEndpoint: string, appAccessToken: string): AppSession {
  return createAppSession({
    credentials: { clientId: 'sandbox.local', clientSecret: 'sandbox', refreshToken: 'sandbox' },
    clientEndpoint: appEndpoint,
    accessToken: appAccessToken,
  });
}
