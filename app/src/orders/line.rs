//! One configured product as ordered or kept in a cart: its configuration
//! read from a link query and evaluated by the engine, and what stands in
//! the way of ordering it, in words.

use super::{Field, Problem};
use crate::pages::configurator::words::{conflict_label, rule_messages};
use engine::pricing::{PriceBreakdown, PriceError};
use engine::query::Notice;
use engine::solver::{CompiledProduct, Evaluation, Repair};
use engine::{Lang, Product, Selection, Text};

/// A configuration read leniently (what does not fit is dropped with a
/// notice, as a link is) and evaluated.
#[derive(Clone, Debug, PartialEq)]
pub struct LineCheck {
    /// What the link said, as far as it fits the product.
    pub parsed: Selection,
    /// What did not fit and was dropped.
    pub notices: Vec<Notice>,
    /// The evaluation of `parsed` (of its repair, when it has one).
    pub evaluation: Evaluation,
}

impl LineCheck {
    /// Reads and evaluates the link pairs of a configuration.
    pub fn of_pairs(compiled: &CompiledProduct, pairs: &[(String, String)]) -> LineCheck {
        let (parsed, notices) = engine::query::parse(&compiled.product, pairs);
        // The query parser only returns known ids, so the solver accepts it.
        // (No `expect`: it would bring the error's Debug text to the browser.)
        let evaluation = match compiled.evaluate(&parsed) {
            Ok(evaluation) => evaluation,
            Err(_) => match compiled.evaluate(&Selection::new()) {
                Ok(evaluation) => evaluation,
                Err(_) => unreachable!("the empty selection is always readable"),
            },
        };
        LineCheck {
            parsed,
            notices,
            evaluation,
        }
    }

    /// Reads and evaluates a configuration given as a link query.
    pub fn of_query(compiled: &CompiledProduct, query: &str) -> LineCheck {
        Self::of_pairs(compiled, &engine::query::parse_query_string(query))
    }

    /// The repair the engine proposes, if the choices do not go together.
    pub fn repair(&self) -> Option<&Repair> {
        self.evaluation.repair.as_ref()
    }

    /// The customer's choices with the repair applied.
    pub fn repaired(&self) -> &Selection {
        self.repair()
            .and_then(|r| r.selection.as_ref())
            .unwrap_or(&self.parsed)
    }

    /// Whether it can be ordered as it stands: everything fit, nothing
    /// needed repairing, and the configuration is complete.
    pub fn fits(&self) -> bool {
        self.notices.is_empty() && self.repair().is_none() && self.evaluation.complete
    }

    /// The configuration as a canonical link query.
    pub fn canonical(&self, product: &Product) -> String {
        engine::query::to_query_string(product, &self.parsed)
    }

    /// Everything that stands in the way of ordering, in both languages
    /// (empty when it [`fits`](Self::fits)).
    pub fn obstacles(&self, product: &Product) -> Vec<Text> {
        let mut out: Vec<Text> = self
            .notices
            .iter()
            .map(|n| notice_text(n, product))
            .collect();
        if let Some(repair) = self.repair() {
            out.push(both(|l| conflict_message(product, &self.parsed, repair, l)));
        } else if !self.evaluation.complete {
            out.push(both(|l| missing_message(product, &self.evaluation, l)));
        }
        out
    }

    /// The configuration's price for `quantity`, if it fits.
    pub fn price(
        &self,
        compiled: &CompiledProduct,
        quantity: u32,
    ) -> Result<PriceBreakdown, PriceError> {
        compiled.price(&self.evaluation.effective, quantity)
    }

    /// The obstacles as problems of the configuration field.
    pub fn problems(&self, product: &Product) -> Vec<Problem> {
        self.obstacles(product)
            .into_iter()
            .map(|message| Problem {
                field: Field::Configuration,
                message,
            })
            .collect()
    }
}

/// What a notice of the link reader means for a configuration that is
/// ordered or kept: it is not taken as it is (the reader's own wording says
/// what it did to a link).
fn notice_text(notice: &Notice, product: &Product) -> Text {
    match notice {
        Notice::UnknownOption { attribute, option } => {
            let label = product.attribute(attribute).map(|a| a.label.clone());
            both(|l| {
                let attribute = label.as_ref().map_or(attribute.as_str(), |t| t.get(l));
                match l {
                    Lang::De => format!("„{option}“ gibt es für {attribute} nicht mehr."),
                    Lang::En => format!("“{option}” is no longer available for {attribute}."),
                }
            })
        }
        other => both(|l| other.message(l, product)),
    }
}

/// `f` in German and English.
pub fn both(f: impl Fn(Lang) -> String) -> Text {
    Text {
        de: f(Lang::De),
        en: f(Lang::En),
    }
}

/// Which choices do not go together, and the rules that say so.
pub fn conflict_message(
    product: &Product,
    selection: &Selection,
    repair: &Repair,
    lang: Lang,
) -> String {
    let choices: Vec<String> = repair
        .dropped
        .iter()
        .map(|c| conflict_label(product, selection, c, lang))
        .collect();
    let mut message = match lang {
        Lang::De => format!(
            "Diese Auswahl passt nicht zusammen: {}.",
            choices.join(", ")
        ),
        Lang::En => format!("These choices do not go together: {}.", choices.join(", ")),
    };
    for rule in rule_messages(&repair.rules, lang) {
        message.push(' ');
        message.push_str(&rule);
    }
    message
}

/// What is still to choose.
pub fn missing_message(product: &Product, evaluation: &Evaluation, lang: Lang) -> String {
    let names: Vec<&str> = product
        .attributes
        .iter()
        .zip(&evaluation.attributes)
        .filter(|(a, state)| state.visible && evaluation.effective.get(&a.id).is_none())
        .map(|(a, _)| a.label.get(lang))
        .collect();
    match lang {
        Lang::De => format!("Bitte noch wählen: {}.", names.join(", ")),
        Lang::En => format!("Please still choose: {}.", names.join(", ")),
    }
}
