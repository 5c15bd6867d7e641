//! Interface texts of the cart, its checkout and the header's cart link,
//! in German and English. (The configurator's own cart buttons are in
//! [`super::OrderText`], which the configurator's wasm already carries.)

use engine::Lang;

/// One cart text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CartText {
    Cart,
    CartTitle,
    ItemsInCart,
    Empty,
    ToProducts,
    Change,
    Remove,
    Update,
    Pieces,
    UnitEach,
    LineWindow,
    Together,
    LastMade,
    ToCheckout,
    NotYetOrderable,
    RepairHeading,
    ApplyRepair,
    Without,
    ChooseAgain,
    CheckoutTitle,
    BackToCart,
    CartLoadError,
    ChangeFailed,
    OrderSummary,
    TotalWithoutMarked,
}

/// The text for `key` in `lang`.
pub fn ct(lang: Lang, key: CartText) -> &'static str {
    use CartText::*;
    let (de, en) = match key {
        Cart => ("Warenkorb", "Cart"),
        CartTitle => ("Ihr Warenkorb", "Your cart"),
        ItemsInCart => ("Artikel im Warenkorb", "items in the cart"),
        Empty => ("Ihr Warenkorb ist leer.", "Your cart is empty."),
        ToProducts => ("Zu unseren Produkten", "See our products"),
        Change => ("Ändern", "Change"),
        Remove => ("Entfernen", "Remove"),
        Update => ("Menge übernehmen", "Update quantity"),
        Pieces => ("Anzahl", "Quantity"),
        UnitEach => ("je Stück", "each"),
        LineWindow => ("Lieferung", "Delivery"),
        Together => ("Alles zusammen geliefert", "Everything delivered together"),
        LastMade => (
            "sobald als Letztes fertig ist:",
            "once the last item is finished:",
        ),
        ToCheckout => ("Zur Kasse", "Go to checkout"),
        NotYetOrderable => (
            "Bitte entscheiden Sie zuerst, was mit den markierten Artikeln geschehen soll.",
            "Please decide first what to do with the marked items.",
        ),
        RepairHeading => (
            "So wäre er wieder bestellbar:",
            "This would make it orderable again:",
        ),
        ApplyRepair => ("Vorschlag übernehmen", "Apply suggestion"),
        Without => ("ohne", "without"),
        ChooseAgain => (
            "Im Konfigurator neu wählen",
            "Choose again in the configurator",
        ),
        CheckoutTitle => ("Bestellung", "Checkout"),
        BackToCart => ("Zurück zum Warenkorb", "Back to the cart"),
        CartLoadError => (
            "Der Warenkorb konnte nicht geladen werden. Bitte laden Sie die Seite neu.",
            "The cart could not be loaded. Please reload the page.",
        ),
        ChangeFailed => (
            "Die Änderung konnte nicht gesendet werden. Bitte versuchen Sie es noch einmal.",
            "The change could not be sent. Please try again.",
        ),
        OrderSummary => ("Ihre Bestellung", "Your order"),
        TotalWithoutMarked => (
            "Summe ohne die markierten Artikel",
            "Total without the marked items",
        ),
    };
    match lang {
        Lang::De => de,
        Lang::En => en,
    }
}
