-- Production lines, their booked capacity per day, and component stock.
CREATE TABLE production_lines (
    id             TEXT PRIMARY KEY,
    daily_capacity BIGINT NOT NULL CHECK (daily_capacity >= 0),
    working_days   TEXT NOT NULL, -- e.g. "mon,tue,wed,thu,fri"
    holidays       TEXT NOT NULL  -- JSON array of YYYY-MM-DD
);

CREATE TABLE line_bookings (
    line_id TEXT NOT NULL REFERENCES production_lines (id),
    day     TEXT NOT NULL, -- YYYY-MM-DD, the day production starts
    units   BIGINT NOT NULL CHECK (units >= 0),
    PRIMARY KEY (line_id, day)
);

-- `reserved` may exceed `on_hand`: such orders wait for replenishment.
CREATE TABLE components (
    id             TEXT PRIMARY KEY,
    on_hand        BIGINT NOT NULL CHECK (on_hand >= 0),
    reserved       BIGINT NOT NULL DEFAULT 0 CHECK (reserved >= 0),
    replenish_days BIGINT NOT NULL CHECK (replenish_days >= 0)
);
