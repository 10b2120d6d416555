-- Expand only: three new tables for sending Webmentions and the reader's status
-- page, so the release before this one keeps running on the migrated schema
-- (docs/deploying.md). The foreign keys are declared with their new tables:
-- nothing here locks or rewrites an existing table.
SET LOCAL lock_timeout = '5s';--> statement-breakpoint
SET LOCAL statement_timeout = '60s';--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "post_mentions" (
	"source" text NOT NULL,
	"target" text NOT NULL,
	"content_hash" text NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "post_mentions_source_target_pk" PRIMARY KEY("source","target")
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "reader_receipts" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"submission_id" integer NOT NULL CONSTRAINT "reader_receipts_submission_id_submissions_id_fk" REFERENCES "public"."submissions"("id") ON DELETE cascade ON UPDATE no action,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "webmention_sends" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "webmention_sends_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"source" text NOT NULL,
	"target" text NOT NULL,
	"submission_id" integer CONSTRAINT "webmention_sends_submission_id_submissions_id_fk" REFERENCES "public"."submissions"("id") ON DELETE cascade ON UPDATE no action,
	"reason" text NOT NULL,
	"endpoint" text,
	"outcome" text NOT NULL,
	"http_status" integer,
	"detail" text,
	"attempted_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "reader_receipts_submission_idx" ON "reader_receipts" USING btree ("submission_id");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "webmention_sends_submission_idx" ON "webmention_sends" USING btree ("submission_id","attempted_at");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "webmention_sends_source_target_idx" ON "webmention_sends" USING btree ("source","target");
