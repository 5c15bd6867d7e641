//! Interface texts in German and English.

use engine::Lang;

/// One interface text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key {
    SiteTagline,
    HomeHeading,
    HomeIntro,
    FromPrice,
    TypicalDelivery,
    Configure,
    SortByPrice,
    SortByCatalog,
    NotFoundHeading,
    NotFoundText,
    BackHome,
    LoadError,
    LanguageSwitch,
    FooterNote,
    ProductsLabel,
}

/// The text for `key` in `lang`.
pub fn t(lang: Lang, key: Key) -> &'static str {
    use Key::*;
    match (key, lang) {
        (SiteTagline, Lang::De) => "Atelier: Produkte nach Ihren Wünschen, gefertigt nach Auftrag.",
        (SiteTagline, Lang::En) => "Atelier: products made to your wishes, built to order.",
        (HomeHeading, Lang::De) => "Nach Maß gefertigt",
        (HomeHeading, Lang::En) => "Made to order",
        (HomeIntro, Lang::De) => {
            "Stellen Sie Ihr Produkt zusammen: Preis und Liefertermin sehen Sie bei jeder Wahl sofort."
        }
        (HomeIntro, Lang::En) => {
            "Put your product together: you see the price and delivery date change with every choice."
        }
        (FromPrice, Lang::De) => "ab",
        (FromPrice, Lang::En) => "from",
        (TypicalDelivery, Lang::De) => "Lieferung in etwa",
        (TypicalDelivery, Lang::En) => "Delivered in about",
        (Configure, Lang::De) => "Konfigurieren",
        (Configure, Lang::En) => "Configure",
        (SortByPrice, Lang::De) => "Nach Preis sortieren",
        (SortByPrice, Lang::En) => "Sort by price",
        (SortByCatalog, Lang::De) => "Ursprüngliche Reihenfolge",
        (SortByCatalog, Lang::En) => "Original order",
        (NotFoundHeading, Lang::De) => "Seite nicht gefunden",
        (NotFoundHeading, Lang::En) => "Page not found",
        (NotFoundText, Lang::De) => "Diese Adresse gibt es bei uns nicht.",
        (NotFoundText, Lang::En) => "There is no page at this address.",
        (BackHome, Lang::De) => "Zur Startseite",
        (BackHome, Lang::En) => "Back to the home page",
        (LoadError, Lang::De) => "Die Produkte konnten nicht geladen werden. Bitte laden Sie die Seite neu.",
        (LoadError, Lang::En) => "The products could not be loaded. Please reload the page.",
        (LanguageSwitch, Lang::De) => "Sprache",
        (LanguageSwitch, Lang::En) => "Language",
        (FooterNote, Lang::De) => "Alle Preise inkl. MwSt. Atelier ist Open Source.",
        (FooterNote, Lang::En) => "All prices include VAT. Atelier is open source.",
        (ProductsLabel, Lang::De) => "Produkte",
        (ProductsLabel, Lang::En) => "Products",
    }
}

/// Working days, with the right plural.
pub fn working_days(lang: Lang, days: u32) -> String {
    match (lang, days) {
        (Lang::De, 1) => "1 Werktag".to_owned(),
        (Lang::De, n) => format!("{n} Werktagen"),
        (Lang::En, 1) => "1 working day".to_owned(),
        (Lang::En, n) => format!("{n} working days"),
    }
}
