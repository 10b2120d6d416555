import { copyFile, mkdir, readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { imageSize } from 'image-size'

export const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg', '.webp', '.avif', '.gif'])

/** Where a folder post's images are served from; the prebuild step copies them there. */
export const assetUrl = (slug: string, file: string): string =>
  `/post-assets/${slug}/${encodeURIComponent(file)}`

export type ResolvedImage = { src: string; width: number; height: number }

/**
 * Resolves an image referenced by a post to a public URL with its intrinsic size,
 * so next/image can reserve space and the page does not shift.
 */
export async function resolvePostImage(opts: {
  src: string
  slug: string
  postDir: string | null
  publicDir: string
  file: string
}): Promise<ResolvedImage> {
  const { src, slug, postDir, publicDir, file } = opts
  let diskPath: string
  let url: string
  if (src.startsWith('/')) {
    diskPath = path.join(publicDir, src)
    url = src
  } else {
    if (!postDir) {
      throw new Error(
        `${file}: the image "${src}" is relative, so the post must be a folder (posts/${slug}/index.mdx) holding it`,
      )
    }
    diskPath = path.resolve(postDir, src)
    if (path.dirname(diskPath) !== path.resolve(postDir)) {
      throw new Error(`${file}: the image "${src}" must sit directly in the post's folder`)
    }
    url = assetUrl(slug, path.basename(diskPath))
  }
  if (!IMAGE_EXTENSIONS.has(path.extname(diskPath).toLowerCase())) {
    throw new Error(`${file}: "${src}" is not a supported image type`)
  }
  let bytes: Buffer
  try {
    bytes = await readFile(diskPath)
  } catch {
    throw new Error(`${file}: the image "${src}" was not found at ${diskPath}`)
  }
  const size = imageSize(bytes)
  if (!size.width || !size.height) throw new Error(`${file}: cannot read the size of "${src}"`)
  return { src: url, width: size.width, height: size.height }
}

/** Copies each folder post's images to public/post-assets/<slug>/. */
export async function copyPostAssets(postsDir: string, publicDir: string): Promise<number> {
  let copied = 0
  const entries = await readdir(postsDir, { withFileTypes: true }).catch(() => [])
  for (const entry of entries) {
    if (!entry.isDirectory()) continue
    const from = path.join(postsDir, entry.name)
    const images = (await readdir(from)).filter((f) =>
      IMAGE_EXTENSIONS.has(path.extname(f).toLowerCase()),
    )
    if (images.length === 0) continue
    const to = path.join(publicDir, 'post-assets', entry.name)
    await mkdir(to, { recursive: true })
    for (const image of images) {
      await copyFile(path.join(from, image), path.join(to, image))
      copied++
    }
  }
  return copied
}
