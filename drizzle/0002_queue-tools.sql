CREATE TYPE "public"."domain_rule_kind" AS ENUM('trusted', 'blocked');--> statement-breakpoint
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
CREATE TABLE "domain_rules" (
	"domain" text PRIMARY KEY NOT NULL,
	"kind" "domain_rule_kind" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text
);
--> statement-breakpoint
DROP INDEX "submissions_approved_idx";--> statement-breakpoint
ALTER TABLE "submissions" ADD COLUMN "deleted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_submission_id_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."submissions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_submission_idx" ON "audit_log" USING btree ("submission_id","id");--> statement-breakpoint
CREATE INDEX "submissions_deleted_idx" ON "submissions" USING btree ("deleted_at") WHERE "submissions"."deleted_at" is not null;--> statement-breakpoint
CREATE INDEX "submissions_approved_idx" ON "submissions" USING btree ("post_slug","created_at" DESC NULLS LAST) WHERE "submissions"."status" = 'approved' and "submissions"."deleted_at" is null;