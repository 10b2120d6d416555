import { formatWhen } from '../format'

/** The one answer for a wrong email and a wrong password alike. */
export const WRONG_CREDENTIALS = 'That email and password do not match. Please try again.'

/**
 * Sign-in refusals carry their time in the code (it travels in the address
 * when the form was posted without JavaScript): `too_many:<unix seconds>`.
 */
export const blockCode = (scope: 'client' | 'account', until: Date): string =>
  `${scope === 'client' ? 'too_many' : 'paused'}:${Math.ceil(until.getTime() / 1000)}`

function blockMessage(code: string): string | undefined {
  const match = /^(too_many|paused):(\d{1,12})$/.exec(code)
  if (!match) return undefined
  const at = formatWhen(new Date(Number(match[2]) * 1000))
  return match[1] === 'too_many'
    ? `Too many failed sign-ins from your network. Try again at ${at}.`
    : `Password sign-in is paused after too many failed attempts. Try again at ${at}, or sign in with GitHub.`
}

/** What the sign-in page says for each way sign-in can fail (Auth.js error type or code). */
export function signInErrorMessage(type: string | undefined, code?: string): string | undefined {
  if (!type) return undefined
  if (type === 'CredentialsSignin') {
    if (code === 'bad_input') return 'Enter your email address and password.'
    return (code && blockMessage(code)) || WRONG_CREDENTIALS
  }
  if (type === 'AccessDenied') {
    return 'Only the author can sign in here, and that GitHub account is not the author’s.'
  }
  // GitHub answered the callback with an error, most often because the sign-in
  // was cancelled on its consent page (error=access_denied).
  if (type === 'OAuthCallbackError') {
    return 'GitHub did not sign you in: the request was cancelled or refused there. Please try again.'
  }
  // Auth.js sends every failure it keeps from the browser as "Configuration". At
  // the end of a GitHub sign-in that is a callback it could not verify: a state
  // or PKCE check failed, or GitHub refused the code (expired or already used).
  if (type === 'Configuration') {
    return 'The sign-in could not be completed: the answer from GitHub could not be verified (it may have expired or been used already). Please start again.'
  }
  if (type === 'CallbackRouteError') return 'Sign-in is unavailable right now. Please try again.'
  return 'Sign-in failed. Please try again.'
}
