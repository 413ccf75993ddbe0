import { type SafeHtml, markup } from '../../../report/html/html-template.js';

/** The sign-in form: the token goes in the POST body, never in a URL. */
export function loginBody(next: string, failed: boolean): SafeHtml {
  return markup`<h1>Sign in</h1>
    <p class="sub">
      This server was started with <code>PIIMAP_TOKEN</code>; the catalog is shown to those who have it.
    </p>
    ${failed ? markup`<p class="warn" role="alert">That is not the token this server was started with.</p>` : ''}
    <form class="filters" method="post" action="/ui/login">
      <input type="hidden" name="next" value="${next}" />
      <label
        >Access token (PIIMAP_TOKEN)<input type="password" name="token" autocomplete="off" required autofocus
      /></label>
      <button class="primary" type="submit">Sign in</button>
    </form>
    <p class="muted">
      The token is sent once, in this form's body. The server answers with a session cookie (HttpOnly,
      SameSite=Strict, 8 hours) that the browser sends with each page; the token itself is never put in a URL
      or kept by the browser. Scripts and tools use <code>Authorization: Bearer &lt;token&gt;</code> on the
      JSON API instead.
    </p>`;
}
