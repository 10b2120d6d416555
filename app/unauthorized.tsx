import Link from 'next/link'

export default function Unauthorized() {
  return (
    <>
      <h1>Sign in required</h1>
      <p>
        Only the author can do that. <Link href="/signin">Sign in</Link> and try again.
      </p>
    </>
  )
}
