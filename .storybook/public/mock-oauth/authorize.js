// The mocked Lumen Drive's consent step. Allow sends the browser to the redirect URI with a code,
// Deny with `error=access_denied`; both carry the request's `state` back (RFC 6749 §4.1.2).
// Codes are base64url JSON, as mocks/lumen-drive/authorizationCode.ts writes them.
(() => {
  const SCOPES = {
    'files.read': 'See your files and their details',
    'folders.read': 'See your folders',
    profile: 'See your name and email address',
  };
  const params = new URLSearchParams(location.search);
  const get = (name) => params.get(name) ?? '';
  const problems = [
    get('response_type') !== 'code' && 'response_type must be "code"',
    get('client_id') === '' && 'client_id is missing',
    !/^https?:\/\//.test(get('redirect_uri')) && 'redirect_uri must be an absolute http(s) URL',
    get('state') === '' && 'state is missing',
    get('code_challenge') === '' && 'code_challenge is missing (PKCE is required)',
    get('code_challenge_method') !== 'S256' && 'code_challenge_method must be S256',
  ].filter(Boolean);

  if (problems.length > 0) {
    const invalid = document.getElementById('invalid');
    invalid.textContent = `Lumen Drive cannot show this sign-in: ${problems.join('; ')}.`;
    invalid.hidden = false;
    return;
  }

  const base64url = (text) => {
    let binary = '';
    for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
    return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
  };
  const nonce = () => Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('');

  const redirect = new URL(get('redirect_uri'));
  document.getElementById('client').textContent = get('client_id');
  document.getElementById('redirect').textContent = redirect.host;
  const list = document.getElementById('scopes');
  for (const scope of get('scope').split(' ').filter(Boolean)) {
    const item = document.createElement('li');
    item.textContent = SCOPES[scope] ?? scope;
    list.append(item);
  }
  document.getElementById('consent').hidden = false;

  const answer = (values) => {
    for (const [name, value] of Object.entries(values)) redirect.searchParams.set(name, value);
    redirect.searchParams.set('state', get('state'));
    location.replace(redirect.toString());
  };
  document.getElementById('allow').addEventListener('click', () => {
    const code = base64url(
      JSON.stringify({
        client_id: get('client_id'),
        redirect_uri: get('redirect_uri'),
        code_challenge: get('code_challenge'),
        code_challenge_method: 'S256',
        scope: get('scope'),
        nonce: nonce(),
        iat: Date.now(),
      }),
    );
    answer({ code });
  });
  document.getElementById('deny').addEventListener('click', () => {
    answer({ error: 'access_denied', error_description: 'The user denied access to Lumen Drive.' });
  });
  document.getElementById('allow').focus();
})();
