import { signOutAction, signOutEverywhereAction } from '@/app/_actions/auth'

export function SignOutButton() {
  return (
    <form action={signOutAction}>
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
      <button type="submit" className="button button-secondary">
        Sign out everywhere
      </button>
    </form>
  )
}
