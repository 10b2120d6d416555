import { getImageProps } from 'next/image'

type Props = {
  src: string
  alt: string
  width: number
  height: number
  priority?: boolean
}

/**
 * next/image's optimisation (resized, modern formats, intrinsic size) without
 * its client component: getImageProps renders a plain <img>, so a post ships no
 * image JavaScript.
 */
export function PostImage({ src, alt, width, height, priority }: Props) {
  const { props } = getImageProps({
    src,
    alt,
    width,
    height,
    priority,
    sizes: '(max-width: 760px) 100vw, 720px',
  })
  // eslint-disable-next-line @next/next/no-img-element -- the props come from next/image
  return <img {...props} alt={alt} />
}
