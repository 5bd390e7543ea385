// Test helpers: a person at the stand-in's consent page, played with fetch (the browser test uses Chromium).

/**
 * Opens an authorization URL, answers the consent page ("Cho phép" or "Từ chối", leaving the
 * `untick` scopes unticked) and answers
 * where the stand-in sends the browser back: the loopback redirect with code or error, and state.
 */
export async function consent(
  authorizeUrl: string,
  decision: 'allow' | 'deny',
  untick: readonly string[] = [],
): Promise<URL> {
  const pageRes = await fetch(authorizeUrl, { redirect: 'manual' });
  const location = pageRes.headers.get('location');
  if (location) return new URL(location);
  const html = await pageRes.text();
  const request = /name="request" value="([^"]+)"/.exec(html)?.[1];
  if (!request) throw new Error(`no consent form (${pageRes.status}): ${html.slice(0, 200)}`);
  const answer = await fetch(new URL('/authorize/decision', authorizeUrl), {
    method: 'POST',
    redirect: 'manual',
    body: new URLSearchParams([
      ['request', request],
      ['decision', decision],
      ...[...html.matchAll(/name="scope" value="([^"]+)"/g)]
        .map((m) => m[1] ?? '')
        .filter((scope) => !untick.includes(scope))
        .map((scope): [string, string] => ['scope', scope]),
    ]),
  });
  const back = answer.headers.get('location');
  if (!back) throw new Error(`the decision did not redirect (${answer.status})`);
  return new URL(back);
}
