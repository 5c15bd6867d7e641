//! What server functions take from context on the server: the published
//! catalog, compiled once, behind a handle the server swaps on publish.

use crate::browser_product::{BrowserProduct, ProductScript};
use engine::{solver::CompiledProduct, Catalog};
use std::collections::BTreeMap;
use std::sync::{Arc, RwLock};

/// A published catalog version, ready to serve: every product compiled once.
#[derive(Debug)]
pub struct PublishedCatalog {
    /// The version number customers and orders refer to.
    pub version: i64,
    pub catalog: Catalog,
    /// Product id to its compiled form.
    pub compiled: BTreeMap<String, CompiledProduct>,
    /// Product id to its preview in the default configuration (SVG markup),
    /// rendered on first use and kept for this version.
    pub previews: std::sync::OnceLock<BTreeMap<String, String>>,
    /// Product id to what pages hand the browser: the product in every
    /// language, then in each of [`engine::Lang::ALL`]; made on first use.
    browser: std::sync::OnceLock<BTreeMap<String, Vec<BrowserProduct>>>,
}

impl PublishedCatalog {
    /// Compiles every product of `catalog`; refuses a catalog with a product
    /// that does not compile.
    pub fn new(version: i64, catalog: Catalog) -> Result<Self, String> {
        let compiled = catalog
            .products
            .iter()
            .map(|p| {
                engine::solver::compile(&catalog, &p.id)
                    .map(|c| (p.id.clone(), c))
                    .map_err(|e| format!("product '{}': {}", p.id, e.message(engine::Lang::En)))
            })
            .collect::<Result<_, _>>()?;
        Ok(PublishedCatalog {
            version,
            catalog,
            compiled,
            previews: std::sync::OnceLock::new(),
            browser: std::sync::OnceLock::new(),
        })
    }

    /// Product `id` as the browser needs it, with its texts in `lang` only
    /// (or in every language), shared by every page of this version.
    pub fn browser_product(&self, id: &str, lang: Option<engine::Lang>) -> Option<BrowserProduct> {
        let products = self.browser.get_or_init(|| {
            let forms = |compiled: &CompiledProduct| {
                let all = BrowserProduct::new(compiled.for_browser());
                // Pages send a language's form apart, by its script.
                let each = engine::Lang::ALL.map(|lang| {
                    let one = all.clone().in_language(lang).prepared();
                    one.with_script(self.version)
                });
                std::iter::once(all.prepared()).chain(each).collect()
            };
            let all = self.compiled.iter();
            all.map(|(id, compiled)| (id.clone(), forms(compiled)))
                .collect()
        });
        let index = match lang {
            None => 0,
            Some(lang) => 1 + engine::Lang::ALL.iter().position(|l| *l == lang)?,
        };
        products.get(id)?.get(index).cloned()
    }

    /// The product script answered at `path`, if one of this version's
    /// products has it.
    pub fn product_script(&self, path: &str) -> Option<Arc<ProductScript>> {
        self.catalog.products.iter().find_map(|product| {
            engine::Lang::ALL.iter().find_map(|lang| {
                let script = self
                    .browser_product(&product.id, Some(*lang))?
                    .script()?
                    .clone();
                (script.path == path).then_some(script)
            })
        })
    }
}

/// Shared handle to the catalog version customers currently see (and the
/// one before it, whose product scripts pages rendered just before a
/// publication still load).
#[derive(Clone, Debug)]
pub struct CatalogHandle(Arc<RwLock<Served>>);

#[derive(Debug)]
struct Served {
    current: Arc<PublishedCatalog>,
    previous: Option<Arc<PublishedCatalog>>,
}

impl CatalogHandle {
    /// A handle serving `published`.
    pub fn new(published: PublishedCatalog) -> Self {
        Self(Arc::new(RwLock::new(Served {
            current: Arc::new(published),
            previous: None,
        })))
    }

    fn read<T>(&self, f: impl FnOnce(&Served) -> T) -> T {
        match self.0.read() {
            Ok(guard) => f(&guard),
            Err(poisoned) => f(&poisoned.into_inner()),
        }
    }

    /// The current version (cheap: clones an `Arc`).
    pub fn current(&self) -> Arc<PublishedCatalog> {
        self.read(|served| served.current.clone())
    }

    /// The product script answered at `path`, of the current version or
    /// the one before it.
    pub fn product_script(&self, path: &str) -> Option<Arc<ProductScript>> {
        let (current, previous) = self.read(|s| (s.current.clone(), s.previous.clone()));
        current
            .product_script(path)
            .or_else(|| previous?.product_script(path))
    }

    /// Makes `published` the version customers see.
    pub fn replace(&self, published: PublishedCatalog) {
        let next = Arc::new(published);
        let mut served = match self.0.write() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        let previous = std::mem::replace(&mut served.current, next);
        served.previous = Some(previous);
    }
}

/// Production data the delivery estimate needs at one moment.
#[derive(Clone, Debug)]
pub struct OperationsSnapshot {
    /// The product's production line: working days, holidays, capacity, bookings.
    pub line: engine::delivery::LineCalendar,
    /// Stock of every component.
    pub stock: engine::delivery::Stock,
    /// Today in the shop's time zone.
    pub today: jiff::civil::Date,
}

/// Production data for quoting several lines at one moment: the calendars
/// of the production lines involved and the stock they share. Quoting books
/// into it ([`engine::delivery::book`]).
#[derive(Clone, Debug)]
pub struct ProductionPlan {
    /// Production line id to its calendar and bookings.
    pub lines: BTreeMap<String, engine::delivery::LineCalendar>,
    pub stock: engine::delivery::Stock,
    /// Today in the shop's time zone.
    pub today: jiff::civil::Date,
}

/// A boxed future, for async methods on trait objects.
pub type BoxFuture<'a, T> = std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send + 'a>>;

/// Where production data comes from; the server implements it over its database.
pub trait OperationsStore: Send + Sync {
    /// Capacity, bookings and stock for `line_id`, now. An unknown line is an error.
    fn snapshot<'a>(
        &'a self,
        line_id: &'a str,
    ) -> BoxFuture<'a, Result<OperationsSnapshot, String>>;

    /// Calendars of `line_ids` (unknown ones are left out) and all stock, now.
    fn plan<'a>(&'a self, line_ids: &'a [String]) -> BoxFuture<'a, Result<ProductionPlan, String>>;

    /// Every production line's daily capacity.
    fn capacities(&self) -> BoxFuture<'_, Result<BTreeMap<String, u32>, String>>;
}

/// The operations store as shared in context.
pub type SharedOperations = Arc<dyn OperationsStore>;

/// What storing a cart change answers.
#[derive(Clone, Debug)]
pub struct CartChanged {
    /// The cart's secret for the cookie: the one given, or a new cart's;
    /// `None` when no cart exists (a first change that was refused).
    pub secret: Option<String>,
    /// The line added or changed (`None` after a removal), or why nothing changed.
    pub result: Result<Option<String>, crate::cart::CartProblem>,
    /// The cart after the change.
    pub cart: crate::cart::StoredCart,
}

/// Stores carts under the secret of their cookie; the server implements it
/// over its database.
pub trait CartStore: Send + Sync {
    /// The cart behind `secret`, its lifetime started again; `None` when
    /// there is none (unknown, expired or ordered).
    fn load<'a>(
        &'a self,
        secret: &'a str,
    ) -> BoxFuture<'a, Result<Option<crate::cart::StoredCart>, String>>;

    /// Applies `change` ([`crate::cart::apply`]) in one transaction, to the
    /// cart behind `secret`, or to a new cart when there is none.
    /// `max_quantity` is the most pieces of a product one line may have.
    fn change<'a>(
        &'a self,
        secret: Option<&'a str>,
        change: crate::cart::CartChange,
        max_quantity: BTreeMap<String, u32>,
    ) -> BoxFuture<'a, Result<CartChanged, String>>;

    /// The id a cart is stored under (a one-way function of its secret).
    fn id_of(&self, secret: &str) -> String;
}

/// The cart store as shared in context.
pub type SharedCarts = Arc<dyn CartStore>;

/// The address of the client a request came from, as the server saw it
/// (put into the request's extensions by the server).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientAddress(pub std::net::IpAddr);

/// The client address of the request being answered, if the server knows it.
#[cfg(feature = "ssr")]
pub fn request_client() -> Option<ClientAddress> {
    leptos::prelude::use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<ClientAddress>().copied())
}

/// Places and finds orders; the server implements it over its database.
pub trait OrderService: Send + Sync {
    /// Checks `form` against the published catalog and production now, and
    /// stores the order in one transaction, or says why not. `Err` is an
    /// internal failure (logged; nothing stored).
    /// `cart_secret` is the secret of the customer's cart cookie, which
    /// names the cart a form ordering the cart orders; `client` is where the
    /// request came from, for the shop's limit on orders per client.
    fn place(
        &self,
        form: crate::orders::CheckoutForm,
        cart_secret: Option<String>,
        client: Option<ClientAddress>,
    ) -> BoxFuture<'_, Result<crate::orders::PlaceOutcome, String>>;

    /// The order behind a status link, if any.
    fn find<'a>(
        &'a self,
        token: &'a str,
    ) -> BoxFuture<'a, Result<Option<crate::orders::OrderView>, String>>;
}

/// The order service as shared in context.
pub type SharedOrders = Arc<dyn OrderService>;

/// What the back office reads; the server implements it over its database.
pub trait AdminStore: Send + Sync {
    /// Everyone who can sign in, by name.
    fn people(&self) -> BoxFuture<'_, Result<Vec<crate::admin::SignedIn>, String>>;

    /// The overview: orders and revenue per day, backlog per line and week,
    /// components running short, as of now.
    fn dashboard(&self) -> BoxFuture<'_, Result<crate::admin::dashboard::Dashboard, String>>;

    /// One page of the order inbox.
    fn inbox<'a>(
        &'a self,
        query: &'a crate::admin::inbox::InboxQuery,
    ) -> BoxFuture<'a, Result<crate::admin::inbox::Inbox, String>>;

    /// The order numbered `number` for review, if there is one.
    fn order_file<'a>(
        &'a self,
        number: &'a str,
    ) -> BoxFuture<'a, Result<Option<crate::admin::review::OrderFile>, String>>;

    /// Every production line and component, and the last changes to them.
    fn operations(&self) -> BoxFuture<'_, Result<crate::admin::operations::Overview, String>>;

    /// The production line `id` with its load and changes, if there is one.
    fn line_file<'a>(
        &'a self,
        id: &'a str,
    ) -> BoxFuture<'a, Result<Option<crate::admin::operations::LineFile>, String>>;

    /// The component `id` with its deliveries and changes, if there is one.
    fn component_file<'a>(
        &'a self,
        id: &'a str,
    ) -> BoxFuture<'a, Result<Option<crate::admin::operations::ComponentFile>, String>>;
}

/// What the integrations pages read (owners only); the server implements it.
pub trait IntegrationsStore: Send + Sync {
    /// Every webhook endpoint with its health, and the newest customer mail.
    fn integrations(
        &self,
    ) -> BoxFuture<'_, Result<crate::admin::integrations::Integrations, String>>;

    /// Endpoint `id` with its secret and newest deliveries, if there is one.
    fn endpoint_file<'a>(
        &'a self,
        id: &'a str,
    ) -> BoxFuture<'a, Result<Option<crate::admin::integrations::EndpointFile>, String>>;

    /// The mail of event `event` as written to the mail folder, if it was.
    fn mail_file<'a>(&'a self, event: &'a str) -> BoxFuture<'a, Result<Option<String>, String>>;
}

/// The integrations store as shared in context.
pub type SharedIntegrations = Arc<dyn IntegrationsStore>;

/// The back office's store as shared in context.
pub type SharedAdmin = Arc<dyn AdminStore>;

/// What the catalog pages read (marketing and owners); the server
/// implements it over its database.
pub trait CatalogAdminStore: Send + Sync {
    /// Every published version, newest first, and the draft.
    fn overview(&self) -> BoxFuture<'_, Result<crate::admin::catalog::CatalogOverview, String>>;

    /// What changed from version `from` to `to`; none if either is unknown.
    fn compare(
        &self,
        from: i64,
        to: i64,
    ) -> BoxFuture<'_, Result<Option<crate::admin::catalog::Comparison>, String>>;

    /// The draft checked and compared with the live version, if there is one.
    fn draft_review(
        &self,
    ) -> BoxFuture<'_, Result<Option<crate::admin::catalog::DraftReview>, String>>;

    /// The draft (or the live version while there is none) for the editor.
    fn editor(&self) -> BoxFuture<'_, Result<crate::admin::catalog::EditorData, String>>;

    /// Product `product` of the draft compiled for the preview; none if the
    /// draft has no such product.
    fn preview<'a>(
        &'a self,
        product: &'a str,
    ) -> BoxFuture<'a, Result<Option<crate::admin::catalog::Preview>, String>>;
}

/// The catalog pages' store as shared in context.
pub type SharedCatalogAdmin = Arc<dyn CatalogAdminStore>;
