import { defineConfig } from 'drizzle-kit'

// Only `db:generate` uses this: it diffs the schema against drizzle/ and needs no database.
export default defineConfig({
  dialect: 'postgresql',
  schema: './lib/db/schema.ts',
  out: './drizzle',
})
