CREATE TABLE "author_sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"author_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "author_sessions_expires_idx" ON "author_sessions" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "sign_in_failures_time_idx" ON "sign_in_failures" USING btree ("created_at");