/**
 * A path no route matches: Next answers it with the site's not-found page and a
 * 404 status. The build's rewrites (lib/posts/routes.ts) and proxy.ts send
 * unknown addresses there, because with Cache Components a page's static shell
 * starts a 200 response before the page itself could call notFound().
 */
export const NOT_FOUND_PATH = '/_missing'
