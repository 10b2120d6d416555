-- Expand only: new tables and nullable or defaulted columns, so the release
-- before this one keeps running on the migrated schema (docs/deploying.md).
SET LOCAL lock_timeout = '5s';--> statement-breakpoint
SET LOCAL statement_timeout = '60s';--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "site_settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "webmention_receipts" (
	"token" text PRIMARY KEY NOT NULL,
	"webmention_id" integer NOT NULL CONSTRAINT "webmention_receipts_webmention_id_webmentions_id_fk" REFERENCES "public"."webmentions"("id") ON DELETE cascade ON UPDATE no action,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "webmention_receipts_mention_idx" ON "webmention_receipts" USING btree ("webmention_id");--> statement-breakpoint
ALTER TABLE "author_sessions" ADD COLUMN IF NOT EXISTS "identity" text;--> statement-breakpoint
ALTER TABLE "submissions" ADD COLUMN IF NOT EXISTS "hidden_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "submissions" ADD COLUMN IF NOT EXISTS "hidden_via" text;--> statement-breakpoint
ALTER TABLE "submissions" ADD COLUMN IF NOT EXISTS "needs_look" text;--> statement-breakpoint
ALTER TABLE "submissions" ADD COLUMN IF NOT EXISTS "needs_look_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "webmentions" ADD COLUMN IF NOT EXISTS "created_submission" boolean DEFAULT false NOT NULL;
