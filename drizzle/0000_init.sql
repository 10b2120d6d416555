CREATE TYPE "public"."submission_status" AS ENUM('pending', 'approved', 'rejected', 'spam');--> statement-breakpoint
CREATE TABLE "rate_limit_hits" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "rate_limit_hits_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"ip_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sign_in_failures" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "sign_in_failures_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"key_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "submissions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "submissions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"post_slug" text NOT NULL,
	"url" text NOT NULL,
	"normalized_url" text NOT NULL,
	"title" text,
	"submitter_name" text,
	"note" text,
	"status" "submission_status" DEFAULT 'pending' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"moderated_at" timestamp with time zone,
	"moderated_by" text,
	"ip_hash" text NOT NULL,
	CONSTRAINT "submissions_url_length" CHECK (char_length("submissions"."url") <= 2048),
	CONSTRAINT "submissions_title_length" CHECK (char_length("submissions"."title") <= 200),
	CONSTRAINT "submissions_name_length" CHECK (char_length("submissions"."submitter_name") <= 80),
	CONSTRAINT "submissions_note_length" CHECK (char_length("submissions"."note") <= 500)
);
--> statement-breakpoint
CREATE INDEX "rate_limit_hits_ip_time_idx" ON "rate_limit_hits" USING btree ("ip_hash","created_at");--> statement-breakpoint
CREATE INDEX "rate_limit_hits_time_idx" ON "rate_limit_hits" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "sign_in_failures_key_time_idx" ON "sign_in_failures" USING btree ("key_hash","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "submissions_post_url_key" ON "submissions" USING btree ("post_slug","normalized_url");--> statement-breakpoint
CREATE INDEX "submissions_queue_idx" ON "submissions" USING btree ("status","created_at","id");--> statement-breakpoint
CREATE INDEX "submissions_post_queue_idx" ON "submissions" USING btree ("post_slug","status","created_at","id");--> statement-breakpoint
CREATE INDEX "submissions_approved_idx" ON "submissions" USING btree ("post_slug","created_at" DESC NULLS LAST) WHERE "submissions"."status" = 'approved';