import { signOutAction } from '@/app/_actions/auth'

export function SignOutButton() {
  return (
    <form action={signOutAction}>
      <button type="submit" className="button button-secondary">
        Sign out
      </button>
    </form>
  )
}
