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
  if (type === 'CallbackRouteError') return 'Sign-in is unavailable right now. Please try again.'
  return 'Sign-in failed. Please try again.'
}
