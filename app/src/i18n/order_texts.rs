//! Interface texts of checkout and order status, in German and English.

use engine::Lang;

/// One checkout or order status text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OrderText {
    Quantity,
    CompleteFirst,
    CheckoutTitle,
    ChangeConfiguration,
    NotOrderable,
    Contact,
    Name,
    Email,
    Phone,
    Optional,
    ShippingAddress,
    Street,
    PostalCode,
    City,
    Country,
    Terms,
    PlaceOrder,
    Placing,
    FixProblems,
    ChangedHeading,
    ChangedText,
    CatalogChanged,
    NewTotal,
    NewWindow,
    SendFailed,
    SendAgain,
    ThankYou,
    OrderTitle,
    OrderNumber,
    KeepLink,
    Status,
    PromisedWindow,
    ShipTo,
    Specification,
    OrderLoadError,
    AddToCart,
    SaveToCart,
    OrderNow,
    ViewCart,
    CartFailed,
}

/// The text for `key` in `lang`.
pub fn ot(lang: Lang, key: OrderText) -> &'static str {
    use OrderText::*;
    let (de, en) = match key {
        Quantity => ("Anzahl", "Quantity"),
        CompleteFirst => ("Bitte vervollständigen Sie zuerst Ihre Konfiguration.", "Please complete your configuration first."),
        CheckoutTitle => ("Bestellung", "Checkout"),
        ChangeConfiguration => ("Konfiguration ändern", "Change configuration"),
        NotOrderable => ("Diese Konfiguration kann so nicht bestellt werden:", "This configuration cannot be ordered as it is:"),
        Contact => ("Kontakt", "Contact"),
        Name => ("Vor- und Nachname", "Full name"),
        Email => ("E-Mail", "Email"),
        Phone => ("Telefon", "Phone"),
        Optional => ("optional", "optional"),
        ShippingAddress => ("Lieferadresse", "Shipping address"),
        Street => ("Straße und Hausnummer", "Street and number"),
        PostalCode => ("PLZ", "Postal code"),
        City => ("Ort", "City"),
        Country => ("Land", "Country"),
        Terms => (
            "Ich akzeptiere die AGB. Nach Maß gefertigte Produkte sind vom Widerruf ausgeschlossen.",
            "I accept the terms. Made-to-order products cannot be returned.",
        ),
        PlaceOrder => ("Zahlungspflichtig bestellen", "Place binding order"),
        Placing => ("Bestellung wird gesendet …", "Sending your order …"),
        FixProblems => ("Bitte prüfen Sie diese Angaben:", "Please check these entries:"),
        ChangedHeading => ("Preis oder Liefertermin haben sich geändert", "The price or delivery date has changed"),
        ChangedText => (
            "Bitte prüfen Sie die neuen Angaben und bestellen Sie dann erneut.",
            "Please check the new figures, then order again.",
        ),
        CatalogChanged => ("Unser Angebot wurde inzwischen aktualisiert.", "Our catalog has been updated in the meantime."),
        NewTotal => ("Gesamtpreis jetzt", "Total now"),
        NewWindow => ("Lieferung jetzt", "Delivery now"),
        SendFailed => (
            "Die Bestellung konnte nicht gesendet werden. Bitte versuchen Sie es noch einmal; doppelt bestellt wird nichts.",
            "The order could not be sent. Please try again; nothing will be ordered twice.",
        ),
        SendAgain => ("Noch einmal senden", "Send again"),
        ThankYou => ("Vielen Dank für Ihre Bestellung!", "Thank you for your order!"),
        OrderTitle => ("Ihre Bestellung", "Your order"),
        OrderNumber => ("Bestellnummer", "Order number"),
        KeepLink => (
            "Unter dieser Adresse sehen Sie jederzeit den Stand Ihrer Bestellung. Bitte bewahren Sie sie auf.",
            "This address always shows where your order stands. Please keep it.",
        ),
        Status => ("Stand", "Status"),
        PromisedWindow => ("Zugesagte Lieferung", "Promised delivery"),
        ShipTo => ("Lieferung an", "Ship to"),
        Specification => ("Ihre Konfiguration", "Your configuration"),
        OrderLoadError => (
            "Die Bestellung konnte nicht geladen werden. Bitte laden Sie die Seite neu.",
            "The order could not be loaded. Please reload the page.",
        ),
        AddToCart => ("In den Warenkorb", "Add to cart"),
        SaveToCart => ("Im Warenkorb speichern", "Save in cart"),
        OrderNow => ("Direkt bestellen", "Order now"),
        ViewCart => ("Zum Warenkorb", "View cart"),
        CartFailed => (
            "Der Warenkorb ist gerade nicht erreichbar. Bitte versuchen Sie es noch einmal.",
            "The cart cannot be reached just now. Please try again.",
        ),
    };
    match lang {
        Lang::De => de,
        Lang::En => en,
    }
}
