/** Facts about the blog that pages, feeds and metadata share. */
export const site = {
  title: 'Red Green Repeat',
  subtitle: 'Adventures of a Spec Driven Junkie',
  description:
    'A personal engineering blog about test-driven development, specs, and the lessons a working programmer learns the hard way.',
  author: 'The Spec Driven Junkie',
  locale: 'en',
  postsPerPage: 10,
} as const

export const fullTitle = `${site.title}: ${site.subtitle}`
