-- PENDING CONTRACT STEP, not a migration yet: drizzle never reads this folder.
-- npm run db:check lints it with squawk, so it stays releasable.
--
-- Expanded in 0002_integrity.sql: a link's visibility moved to submissions.hidden_at,
-- and the release that ships 0002 stops using link_checks.withdrawn_at. The release
-- before it still reads the column, and Instant Rollback may bring that one back on
-- today's database, so the column stays until no release in reach names it. How it
-- is released, in two later releases (docs/deploying.md, "Expand, then contract"):
--   1. remove withdrawnAt from lib/db/schema.ts and run
--      `npx drizzle-kit generate --custom --name forget_link_checks_withdrawn_at`:
--      an empty migration whose snapshot forgets the column (drizzle's whole-row
--      selects stop naming it; the database keeps it);
--   2. one release later, `npx drizzle-kit generate --custom --name drop_link_checks_withdrawn_at`
--      and paste the statements below into that file.
SET LOCAL lock_timeout = '5s';--> statement-breakpoint
SET LOCAL statement_timeout = '60s';--> statement-breakpoint
-- Contract: no release that a rollback can reach reads or writes this column.
-- squawk-ignore ban-drop-column
ALTER TABLE "link_checks" DROP COLUMN IF EXISTS "withdrawn_at";
