/** What the sign-in page says for each way sign-in can fail (Auth.js error type or code). */
export function signInErrorMessage(type: string | undefined, code?: string): string | undefined {
  if (!type) return undefined
  if (type === 'CredentialsSignin') {
    switch (code) {
      case 'not_author':
        return 'Only the author can sign in here, and that email address is not the author’s.'
      case 'wrong_password':
        return 'Wrong password. Please try again.'
      case 'bad_input':
        return 'Enter your email address and password.'
      default:
        return 'Those details did not work. Please try again.'
    }
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
