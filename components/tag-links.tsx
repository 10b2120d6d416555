import Link from 'next/link'

export function TagLinks({ tags }: { tags: string[] }) {
  return (
    <ul className="tags" aria-label="Tags">
      {tags.map((tag) => (
        <li key={tag}>
          <Link href={`/tags/${tag}`} className="tag" prefetch={false}>
            #{tag}
          </Link>
        </li>
      ))}
    </ul>
  )
}
