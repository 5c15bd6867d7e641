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
    /// It can be ordered, for this total (minor units) and these components.
    Orderable { total: i64, components: String },
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
        self.got == self.test.expected
    }
}

/// Longest test label, in characters.
pub const MAX_LABEL: usize = 120;

/// A version number from a form or query, if it is one.
pub fn parse_version(text: &str) -> Option<i64> {
    text.trim().parse::<i64>().ok().filter(|v| *v > 0)
}
