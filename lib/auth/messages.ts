import { formatUtc } from './sign-in-limit'

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
  const at = formatUtc(new Date(Number(match[2]) * 1000))
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
  if (type === 'CallbackRouteError') return 'Sign-in is unavailable right now. Please try again.'
  return 'Sign-in failed. Please try again.'
}
