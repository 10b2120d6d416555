import { signOutAction, signOutEverywhereAction } from '@/app/_actions/auth'

export function SignOutButton() {
  return (
    <form action={signOutAction}>
      {/* A named field makes React post the form as multipart; proxy.ts refuses text/plain. */}
      <input type="hidden" name="signOut" value="this" />
      <button type="submit" className="button button-secondary">
        Sign out
      </button>
    </form>
  )
}

/** Ends the author's sessions in every browser, this one included. */
export function SignOutEverywhereButton() {
  return (
    <form action={signOutEverywhereAction}>
      <input type="hidden" name="signOut" value="everywhere" />
      <button type="submit" className="button button-secondary">
        Sign out everywhere
      </button>
    </form>
  )
}
