//! Checking a checkout form against the published catalog, trusting nothing
//! the browser computed: the configuration is parsed strictly, evaluated and
//! priced again here.

use app::orders::customer::{self, Customer};
use app::orders::{CheckoutForm, Field, Problem};
use app::state::PublishedCatalog;
use engine::pricing::PriceBreakdown;
use engine::solver::{CompiledProduct, Evaluation};
use engine::{Lang, Selection};
use std::sync::Arc;

/// Largest quantity one order can have.
pub const MAX_QUANTITY: u32 = app::pages::configurator::MAX_QUANTITY;

/// What the customer saw before ordering; `None` where the form's value was
/// missing or malformed (which then counts as "changed").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Seen {
    pub catalog_version: Option<i64>,
    pub total: Option<i64>,
    pub earliest: Option<jiff::civil::Date>,
    pub latest: Option<jiff::civil::Date>,
}

/// A checkout form that passed every check that needs no database.
pub struct Checked {
    pub published: Arc<PublishedCatalog>,
    pub product_id: String,
    pub evaluation: Evaluation,
    /// The configuration as a canonical link query.
    pub configuration: String,
    pub quantity: u32,
    pub price: PriceBreakdown,
    pub customer: Customer,
    pub lang: Lang,
    pub key: String,
    pub seen: Seen,
}

impl Checked {
    /// The compiled product ordered.
    pub fn compiled(&self) -> &CompiledProduct {
        &self.published.compiled[&self.product_id]
    }
}

/// Checks `form` against `published`: the checked order, or every problem.
pub fn check(
    published: Arc<PublishedCatalog>,
    form: &CheckoutForm,
) -> Result<Checked, Vec<Problem>> {
    let lang = Lang::from_code(form.lang.trim()).unwrap_or_default();
    let mut problems = Vec::new();
    if !is_key(&form.key) {
        problems.push(Problem::new(
            Field::Form,
            "Diese Bestellseite ist ungültig; bitte neu laden und noch einmal bestellen.",
            "This checkout page is not valid; please reload it and order again.",
        ));
    }
    let quantity = match form.quantity.trim().parse::<u32>() {
        Ok(q) if (1..=MAX_QUANTITY).contains(&q) => q,
        _ => {
            problems.push(Problem::new(
                Field::Quantity,
                format!("Bitte eine Menge von 1 bis {MAX_QUANTITY} angeben."),
                format!("Please enter a quantity from 1 to {MAX_QUANTITY}."),
            ));
            1
        }
    };
    let customer = customer::validate(form)
        .map_err(|p| problems.extend(p))
        .ok();
    let configured = published
        .compiled
        .get(form.product.trim())
        .ok_or_else(|| {
            vec![Problem::new(
                Field::Configuration,
                format!("Das Produkt „{}“ gibt es nicht.", form.product),
                format!("There is no product “{}”.", form.product),
            )]
        })
        .and_then(|compiled| configure(compiled, &form.config, quantity));
    let (product_id, evaluation, configuration, price) = match configured {
        Ok(configured) => configured,
        Err(config_problems) => {
            problems.extend(config_problems);
            return Err(problems);
        }
    };
    match customer {
        Some(customer) if problems.is_empty() => Ok(Checked {
            published,
            product_id,
            evaluation,
            configuration,
            quantity,
            price,
            customer,
            lang,
            key: form.key.trim().to_owned(),
            seen: Seen {
                catalog_version: form.catalog_version.trim().parse().ok(),
                total: form.seen_total.trim().parse().ok(),
                earliest: form.seen_earliest.trim().parse().ok(),
                latest: form.seen_latest.trim().parse().ok(),
            },
        }),
        _ => Err(problems),
    }
}

type Configured = (String, Evaluation, String, PriceBreakdown);

/// Parses the configuration strictly (anything the link reader would
/// repair is an error here), and requires it complete, valid and priced.
fn configure(
    compiled: &CompiledProduct,
    config: &str,
    quantity: u32,
) -> Result<Configured, Vec<Problem>> {
    let product = &compiled.product;
    let pairs = engine::query::parse_query_string(config);
    let (selection, notices) = engine::query::parse(product, &pairs);
    let both = |f: &dyn Fn(Lang) -> String| (f(Lang::De), f(Lang::En));
    let mut problems: Vec<Problem> = notices
        .iter()
        .map(|notice| {
            let (de, en) = both(&|l| notice.message(l, product));
            Problem::new(Field::Configuration, de, en)
        })
        .collect();
    if !problems.is_empty() {
        return Err(problems);
    }
    let evaluation = compiled.evaluate(&selection).map_err(|e| {
        let (de, en) = both(&|l| e.message(l));
        vec![Problem::new(Field::Configuration, de, en)]
    })?;
    if let Some(repair) = &evaluation.repair {
        let (de, en) = both(&|l| conflict_message(compiled, &selection, repair, l));
        problems.push(Problem::new(Field::Configuration, de, en));
        return Err(problems);
    }
    if !evaluation.complete {
        let (de, en) = both(&|l| missing_message(product, &evaluation, l));
        return Err(vec![Problem::new(Field::Configuration, de, en)]);
    }
    let price = compiled
        .price(&evaluation.effective, quantity)
        .map_err(|e| {
            let (de, en) = both(&|l| e.message(l));
            vec![Problem::new(Field::Configuration, de, en)]
        })?;
    let configuration = engine::query::to_query_string(product, &selection);
    Ok((product.id.clone(), evaluation, configuration, price))
}

fn conflict_message(
    compiled: &CompiledProduct,
    selection: &Selection,
    repair: &engine::solver::Repair,
    lang: Lang,
) -> String {
    use app::pages::configurator::words::{conflict_label, rule_messages};
    let product = &compiled.product;
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

fn missing_message(product: &engine::Product, evaluation: &Evaluation, lang: Lang) -> String {
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

/// A checkout key: a UUID, as the checkout page hands out.
fn is_key(key: &str) -> bool {
    uuid::Uuid::try_parse(key.trim()).is_ok()
}
