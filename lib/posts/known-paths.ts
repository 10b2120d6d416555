type Listed = { slug: string; tags: string[] }

/**
 * Whether a post, tag or listing page exists, judged before rendering starts.
 * With Cache Components the static shell is sent (status 200) before a page can
 * call notFound(), so a real 404 status has to be decided up front.
 * Returns undefined for paths this does not judge.
 */
export function isKnownBlogPath(
  pathname: string,
  posts: Listed[],
  perPage: number,
): boolean | undefined {
  const [, section, value, ...rest] = pathname.split('/')
  if (rest.length > 0 || value === undefined || value === '') return undefined
  let decoded: string
  try {
    decoded = decodeURIComponent(value)
  } catch {
    return false
  }
  switch (section) {
    case 'posts':
      return posts.some((p) => p.slug === decoded)
    case 'tags':
      return posts.some((p) => p.tags.includes(decoded))
    case 'page': {
      const pages = Math.max(1, Math.ceil(posts.length / perPage))
      return /^[1-9]\d*$/.test(decoded) && Number(decoded) <= pages
    }
    default:
      return undefined
  }
}
