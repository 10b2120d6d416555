CREATE TYPE "public"."submission_source" AS ENUM('form', 'webmention');--> statement-breakpoint
CREATE TYPE "public"."webmention_status" AS ENUM('queued', 'accepted', 'rejected', 'withdrawn');--> statement-breakpoint
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
ALTER TABLE "submissions" ADD COLUMN "source_kind" "submission_source" DEFAULT 'form' NOT NULL;--> statement-breakpoint
ALTER TABLE "link_checks" ADD CONSTRAINT "link_checks_submission_id_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."submissions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webmentions" ADD CONSTRAINT "webmentions_submission_id_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."submissions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "link_checks_checked_at_idx" ON "link_checks" USING btree ("checked_at");--> statement-breakpoint
CREATE INDEX "link_checks_failing_idx" ON "link_checks" USING btree ("submission_id") WHERE "link_checks"."consecutive_failures" > 0;--> statement-breakpoint
CREATE UNIQUE INDEX "webmentions_token_key" ON "webmentions" USING btree ("token");--> statement-breakpoint
CREATE UNIQUE INDEX "webmentions_source_target_key" ON "webmentions" USING btree ("source","target");