import path from 'node:path'

/** drizzle-kit writes migrations here; both drivers apply the same files. */
export const migrationsFolder = (): string =>
  path.join(/* turbopackIgnore: true */ process.cwd(), 'drizzle')
