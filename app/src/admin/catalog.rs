//! The catalog as marketing publishes it: the published versions with who,
//! when and why, the draft waiting to be published with what the catalog
//! check found in it and what it changes, and the comparison of any two
//! versions in business terms ([`engine::diff`]).

use engine::diff::Change;
use engine::validate::Problem;
use jiff::civil::DateTime;
use serde::{Deserialize, Serialize};

/// Longest change note, in characters.
pub const MAX_NOTE: usize = 500;

/// One published version.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionRow {
    pub version: i64,
    /// In the shop's time zone.
    pub published_at: DateTime,
    pub published_by: String,
    pub note: String,
    /// Why failing test configurations were published anyway.
    pub override_reason: String,
    pub products: usize,
    /// What customers see now.
    pub live: bool,
}

/// The draft, if there is one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftSummary {
    /// Grows with every save; a save names the revision it started from.
    pub revision: i64,
    /// The published version the draft started from.
    pub base_version: i64,
    pub updated_at: DateTime,
    pub updated_by: String,
    pub products: usize,
    /// When it is scheduled to be published, in shop time.
    pub publish_at: Option<DateTime>,
    /// Its scheduled publication that was not carried out, if any.
    pub schedule_failure: Option<ScheduleFailure>,
}

/// A scheduled publication the checks refused at its time: the draft stays
/// a draft, unscheduled.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduleFailure {
    /// The time it was scheduled for, in shop time.
    pub scheduled_for: DateTime,
    pub reason: engine::Text,
}

/// `/admin/catalog`: every version, newest first, and the draft.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogOverview {
    pub versions: Vec<VersionRow>,
    pub draft: Option<DraftSummary>,
    pub tests: Vec<TestConfiguration>,
    /// The products' ids, for the test form.
    pub products: Vec<String>,
    /// The live catalog's currency.
    pub currency: String,
}

/// What changed from one version to another.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comparison {
    pub from: i64,
    pub to: i64,
    pub changes: Vec<Change>,
}

/// The draft as it would be published: the check's findings and what it
/// changes against the live version.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftReview {
    pub draft: DraftSummary,
    pub live_version: i64,
    /// Publishing is refused while there are errors.
    pub errors: Vec<Problem>,
    /// Publishing needs them confirmed.
    pub warnings: Vec<Problem>,
    pub changes: Vec<Change>,
    pub impact: Impact,
    /// Every test configuration run on the draft (empty while it has errors).
    pub tests: Vec<TestRun>,
    /// The draft's currency.
    pub currency: String,
}

/// What the draft would do to what is under way: the open orders (not yet
/// shipped) and the carts used in the last 30 days, each line replayed on
/// the draft. Stored orders never change; this says which ones production
/// and sales should look at.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Impact {
    /// The currency of the amounts.
    pub currency: String,
    pub orders_checked: usize,
    pub cart_lines_checked: usize,
    pub rows: Vec<ImpactRow>,
}

/// One affected line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImpactRow {
    /// The order's number; none for a cart line.
    pub order: Option<String>,
    pub product: String,
    /// The line's configuration link query.
    pub configuration: String,
    pub verdict: Verdict,
}

/// How a line fares on the draft.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Verdict {
    /// It could no longer be ordered, for these reasons.
    Invalid(Vec<engine::Text>),
    /// Its total would change (minor units, the catalog's currency).
    Price { before: i64, after: i64 },
    /// Its bill of materials would change.
    Components { before: String, after: String },
    /// Its working days of production would change.
    ProductionDays { before: u32, after: u32 },
}

/// A saved test configuration: a link and what it must give.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TestConfiguration {
    pub id: String,
    pub product: String,
    /// The configuration link's query.
    pub configuration: String,
    pub label: String,
    pub expected: Outcome,
}

/// What a configuration gives on a catalog.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Outcome {
    /// It can be ordered, for this total (minor units), these components
    /// and this lead time in working days (production and shipping; none in
    /// tests saved before lead times were kept, which then do not compare it).
    Orderable {
        total: i64,
        components: String,
        #[serde(default)]
        days: Option<u32>,
    },
    /// It cannot be ordered.
    NotOrderable,
}

/// A test configuration run on the draft.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TestRun {
    pub test: TestConfiguration,
    pub got: Outcome,
}

impl TestRun {
    /// Whether the draft gives what the test expects.
    pub fn passed(&self) -> bool {
        match (&self.test.expected, &self.got) {
            (
                Outcome::Orderable {
                    total,
                    components,
                    days,
                },
                Outcome::Orderable {
                    total: got_total,
                    components: got_components,
                    days: got_days,
                },
            ) => {
                total == got_total
                    && components == got_components
                    && (days.is_none() || days == got_days)
            }
            (expected, got) => expected == got,
        }
    }
}

/// Longest test label, in characters.
pub const MAX_LABEL: usize = 120;

/// A version number from a form or query, if it is one.
pub fn parse_version(text: &str) -> Option<i64> {
    text.trim().parse::<i64>().ok().filter(|v| *v > 0)
}

/// What a save refused as stale shows: what changed since the revision it
/// started from, and what it would have changed there.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conflict {
    pub meanwhile: Vec<Change>,
    pub yours: Vec<Change>,
}

/// One finding of the catalog check.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub problem: Problem,
    /// Errors block publishing; the rest are warnings.
    pub error: bool,
}

/// What the editor pages edit: the draft, or the live version while there
/// is no draft (revision 0: the first save starts the draft).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EditorData {
    pub revision: i64,
    pub catalog: engine::Catalog,
    pub findings: Vec<Finding>,
}

/// A product of the draft, ready for the configurator's preview.
#[derive(Clone, Debug)]
pub enum Preview {
    /// The draft's revision (0: the live version) and the compiled product.
    Ready {
        revision: i64,
        compiled: Box<engine::solver::CompiledProduct>,
    },
    /// The product does not compile in the draft, for this reason.
    Broken(String),
}
