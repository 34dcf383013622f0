// Cookies by what they hold, for every language: python/insecure-cookie and typescript/cookies read it.

/** A cookie that carries a session or a credential: taking it is taking the account. */
export const SESSION_COOKIE =
  /sess|token|auth|jwt|(?:^|[^a-z])sid(?:[^a-z]|$)|remember|login|refresh|access|identity|credential|user_?id/i;

/** CSRF cookies: front ends must read them, so httponly does not apply, and they hold no session. */
export const CSRF_COOKIE = /csrf|xsrf/i;

/** Cookies that hold a visitor's preferences, not a secret: nothing to steal. */
export const PREFERENCE_COOKIE =
  /^(?:theme|color_?scheme|dark_?mode|lang|language|locale|django_language|i18n\w*|tz|timezone|currency|consent|cookie_?consent|cookies_?accepted|dismissed\w*|banner\w*|font_?size|sidebar\w*|view_?mode|layout)$/i;

/** Whether a cookie's name says it holds a session or a credential. */
export function isSessionCookie(name: string): boolean {
  return SESSION_COOKIE.test(name) && !CSRF_COOKIE.test(name);
}

/** Whether a cookie's name says it holds nothing worth protecting (a preference, a CSRF token). */
export function isHarmlessCookie(name: string): boolean {
  return PREFERENCE_COOKIE.test(name) || CSRF_COOKIE.test(name);
}
