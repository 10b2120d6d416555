import Link from 'next/link'

export default function NotFound() {
  return (
    <>
      <h1>Page not found</h1>
      <p>
        That test is red: nothing lives at this address. Try the <Link href="/">latest posts</Link>{' '}
        or the <Link href="/tags">list of tags</Link>.
      </p>
    </>
  )
}
