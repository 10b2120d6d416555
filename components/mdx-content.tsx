import { getMDXComponent } from 'mdx-bundler/client'
import { mdxComponents } from './mdx-components'

/**
 * Evaluates a compiled post on the server (this is a Server Component), so
 * neither the MDX code nor `new Function` ever reaches the browser.
 */
export function MdxContent({ code }: { code: string }) {
  const renderPost = getMDXComponent(code)
  return renderPost({ components: mdxComponents })
}
