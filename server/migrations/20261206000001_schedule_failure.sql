-- Why the draft's scheduled publication was not carried out, as JSON
-- {"revision", "scheduled_for" (RFC 3339, UTC), "reason": {"de", "en"}};
-- shown while the draft is still at that revision.
ALTER TABLE catalog_drafts ADD COLUMN schedule_failure TEXT;
