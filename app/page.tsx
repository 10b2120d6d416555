import { Pagination } from '@/components/pagination'
import { PostList } from '@/components/post-list'
import { paginate } from '@/lib/posts'
import { site } from '@/lib/site'
import { cachedPosts } from '@/app/_lib/posts'

export default async function Home() {
  const page = paginate(await cachedPosts(), 1, site.postsPerPage)
  return (
    <>
      <h1>Latest posts</h1>
      {page && page.items.length > 0 ? (
        <>
          <PostList posts={page.items} />
          <Pagination page={1} totalPages={page.totalPages} />
        </>
      ) : (
        <p>No posts yet.</p>
      )}
    </>
  )
}
