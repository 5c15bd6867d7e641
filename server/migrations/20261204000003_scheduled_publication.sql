-- A draft can be scheduled for publishing: when, with which note, by whom,
-- and why failing test configurations may pass. Saving the draft again
-- clears the schedule.
ALTER TABLE catalog_drafts ADD COLUMN publish_at TEXT;        -- RFC 3339, UTC
ALTER TABLE catalog_drafts ADD COLUMN publish_note TEXT;
ALTER TABLE catalog_drafts ADD COLUMN publish_by TEXT;
ALTER TABLE catalog_drafts ADD COLUMN publish_override TEXT;
