CREATE TYPE "public"."domain_rule_kind" AS ENUM('trusted', 'blocked');--> statement-breakpoint
CREATE TYPE "public"."submission_source" AS ENUM('form', 'webmention');--> statement-breakpoint
CREATE TYPE "public"."webmention_status" AS ENUM('queued', 'accepted', 'rejected', 'withdrawn');--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"submission_id" integer NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor" text,
	"from_status" text,
	"to_status" text NOT NULL,
	"via" text NOT NULL,
	"detail" text
);
--> statement-breakpoint
CREATE TABLE "author_sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"author_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cache_tag_expirations" (
	"tag" text PRIMARY KEY NOT NULL,
	"expired_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "domain_rules" (
	"domain" text PRIMARY KEY NOT NULL,
	"kind" "domain_rule_kind" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text
);
--> statement-breakpoint
CREATE TABLE "link_checks" (
	"submission_id" integer PRIMARY KEY NOT NULL,
	"checked_at" timestamp with time zone NOT NULL,
	"reachable" boolean NOT NULL,
	"http_status" integer,
	"final_url" text,
	"error" text,
	"title" text,
	"description" text,
	"site_name" text,
	"author" text,
	"published_at" timestamp with time zone,
	"links_back" boolean DEFAULT false NOT NULL,
	"consecutive_failures" integer DEFAULT 0 NOT NULL,
	"keep_shown" boolean DEFAULT false NOT NULL,
	"withdrawn_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "notify_emails" (
	"submission_id" integer PRIMARY KEY NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"mode" text NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "outbox_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"kind" text NOT NULL,
	"payload" jsonb NOT NULL,
	"dedupe_key" text,
	"run_after" timestamp with time zone DEFAULT now() NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"done_at" timestamp with time zone,
	"dead_at" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "used_one_click_tokens" (
	"nonce" text PRIMARY KEY NOT NULL,
	"submission_id" integer NOT NULL,
	"action" text NOT NULL,
	"used_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webmentions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "webmentions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"token" text NOT NULL,
	"source" text NOT NULL,
	"target" text NOT NULL,
	"post_slug" text NOT NULL,
	"status" "webmention_status" DEFAULT 'queued' NOT NULL,
	"detail" text,
	"submission_id" integer,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"verified_at" timestamp with time zone,
	CONSTRAINT "webmentions_source_length" CHECK (char_length("webmentions"."source") <= 2048)
);
--> statement-breakpoint
DROP INDEX "submissions_approved_idx";--> statement-breakpoint
ALTER TABLE "submissions" ADD COLUMN "approved_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "submissions" ADD COLUMN "source_kind" "submission_source" DEFAULT 'form' NOT NULL;--> statement-breakpoint
ALTER TABLE "submissions" ADD COLUMN "deleted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_submission_id_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."submissions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "link_checks" ADD CONSTRAINT "link_checks_submission_id_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."submissions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notify_emails" ADD CONSTRAINT "notify_emails_submission_id_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."submissions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webmentions" ADD CONSTRAINT "webmentions_submission_id_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."submissions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_submission_idx" ON "audit_log" USING btree ("submission_id","id");--> statement-breakpoint
CREATE INDEX "author_sessions_expires_idx" ON "author_sessions" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "link_checks_checked_at_idx" ON "link_checks" USING btree ("checked_at");--> statement-breakpoint
CREATE INDEX "link_checks_failing_idx" ON "link_checks" USING btree ("submission_id") WHERE "link_checks"."consecutive_failures" > 0;--> statement-breakpoint
CREATE INDEX "notify_emails_window_idx" ON "notify_emails" USING btree ("window_start","mode");--> statement-breakpoint
CREATE UNIQUE INDEX "outbox_dedupe_key" ON "outbox" USING btree ("dedupe_key");--> statement-breakpoint
CREATE INDEX "outbox_due_idx" ON "outbox" USING btree ("run_after","id") WHERE "outbox"."done_at" is null and "outbox"."dead_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "webmentions_token_key" ON "webmentions" USING btree ("token");--> statement-breakpoint
CREATE UNIQUE INDEX "webmentions_source_target_key" ON "webmentions" USING btree ("source","target");--> statement-breakpoint
CREATE INDEX "sign_in_failures_time_idx" ON "sign_in_failures" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "submissions_deleted_idx" ON "submissions" USING btree ("deleted_at") WHERE "submissions"."deleted_at" is not null;--> statement-breakpoint
CREATE INDEX "submissions_approved_idx" ON "submissions" USING btree ("post_slug","created_at" DESC NULLS LAST) WHERE "submissions"."status" = 'approved' and "submissions"."deleted_at" is null;