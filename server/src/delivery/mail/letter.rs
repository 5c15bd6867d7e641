//! What a customer's mail says: the order confirmation (every line's
//! specification, the total, the promised window, the status link), its
//! acceptance or rejection (with the reason) and its shipping (with the
//! tracking), in the order's language, as plain text and as HTML.

use app::orders::{OrderSnapshot, Status};
use engine::delivery::format_window;
use engine::pricing::format_money;
use engine::Lang;

/// A composed mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// Which mail an event is, if customers are told of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Confirmation,
    Accepted,
    Rejected,
    Shipped,
}

impl Kind {
    /// The mail of an order's step to `status`, if customers are told of it.
    pub fn of(status: Status) -> Option<Kind> {
        match status {
            Status::Received => Some(Kind::Confirmation),
            Status::Accepted => Some(Kind::Accepted),
            Status::Rejected => Some(Kind::Rejected),
            Status::Shipped => Some(Kind::Shipped),
            _ => None,
        }
    }
}

/// The mail `kind` of order `number` with `snapshot`; `detail` is what the
/// step told the customer (the reason, or carrier and tracking number).
pub fn compose(
    kind: Kind,
    number: &str,
    snapshot: &OrderSnapshot,
    detail: Option<&str>,
    status_link: &str,
) -> Letter {
    let l = snapshot.lang;
    let de = l == Lang::De;
    let name = snapshot.customer.name.trim();
    let greeting = match (de, name.is_empty()) {
        (true, false) => format!("Guten Tag {name},"),
        (true, true) => "Guten Tag,".to_owned(),
        (false, false) => format!("Dear {name},"),
        (false, true) => "Hello,".to_owned(),
    };
    let window = format_window(snapshot.earliest, snapshot.latest, l);
    let detail = detail.map(str::trim).filter(|d| !d.is_empty());
    let (subject, lead) = match (kind, de) {
        (Kind::Confirmation, true) => (
            format!("Ihre Bestellung {number} ist eingegangen"),
            format!("vielen Dank für Ihre Bestellung {number}. Wir prüfen sie und melden uns, sobald sie angenommen ist. Voraussichtliche Lieferung: {window}."),
        ),
        (Kind::Confirmation, false) => (
            format!("We have received your order {number}"),
            format!("thank you for your order {number}. We are reviewing it and will write again once it is accepted. Expected delivery: {window}."),
        ),
        (Kind::Accepted, true) => (
            format!("Ihre Bestellung {number} ist angenommen"),
            format!("wir haben Ihre Bestellung {number} angenommen und fertigen sie für Sie. Voraussichtliche Lieferung: {window}."),
        ),
        (Kind::Accepted, false) => (
            format!("Your order {number} is accepted"),
            format!("we have accepted your order {number} and will make it for you. Expected delivery: {window}."),
        ),
        (Kind::Rejected, true) => (
            format!("Ihre Bestellung {number} können wir leider nicht ausführen"),
            format!("leider können wir Ihre Bestellung {number} nicht ausführen. Grund: {}. Es wird nichts berechnet.", detail.unwrap_or("nicht angegeben")),
        ),
        (Kind::Rejected, false) => (
            format!("We cannot make your order {number}"),
            format!("we are sorry, we cannot make your order {number}. Reason: {}. You will not be charged.", detail.unwrap_or("not given")),
        ),
        (Kind::Shipped, true) => (
            format!("Ihre Bestellung {number} ist unterwegs"),
            format!("Ihre Bestellung {number} ist verschickt. Sendungsverfolgung: {}.", detail.unwrap_or("–")),
        ),
        (Kind::Shipped, false) => (
            format!("Your order {number} is on its way"),
            format!("your order {number} has been shipped. Tracking: {}.", detail.unwrap_or("–")),
        ),
    };
    let mut lines = Vec::new();
    for line in &snapshot.lines {
        let price = format_money(line.price.total, &snapshot.currency, l);
        let spec: Vec<String> = line
            .spec
            .iter()
            .map(|s| format!("{}: {}", s.label.get(l), s.value_label.get(l)))
            .collect();
        lines.push((
            format!("{} × {}", line.quantity, line.product_name.get(l)),
            price,
            spec,
        ));
    }
    let total_label = if de {
        "Summe (inkl. MwSt.)"
    } else {
        "Total (VAT included)"
    };
    let total = format_money(snapshot.total, &snapshot.currency, l);
    let link_label = if de {
        "Status Ihrer Bestellung"
    } else {
        "Your order's status"
    };
    let sign_off = if de { "Ihr Atelier" } else { "Your Atelier" };

    let mut text = format!("{greeting}\n\n{lead}\n\n");
    for (title, price, spec) in &lines {
        text.push_str(&format!("{title}  {price}\n"));
        for s in spec {
            text.push_str(&format!("  - {s}\n"));
        }
        text.push('\n');
    }
    text.push_str(&format!(
        "{total_label}: {total}\n\n{link_label}: {status_link}\n\n{sign_off}\n"
    ));

    let mut html = format!(
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title></head><body>\
         <p>{}</p><p>{}</p>",
        if de { "de" } else { "en" },
        html_escape::encode_text(&subject),
        html_escape::encode_text(&greeting),
        html_escape::encode_text(&lead)
    );
    for (title, price, spec) in &lines {
        html.push_str(&format!(
            "<h2>{} – {}</h2><ul>",
            html_escape::encode_text(title),
            html_escape::encode_text(price)
        ));
        for s in spec {
            html.push_str(&format!("<li>{}</li>", html_escape::encode_text(s)));
        }
        html.push_str("</ul>");
    }
    html.push_str(&format!(
        "<p><strong>{}: {}</strong></p><p><a href=\"{}\">{}</a></p><p>{}</p></body></html>",
        html_escape::encode_text(total_label),
        html_escape::encode_text(&total),
        html_escape::encode_double_quoted_attribute(status_link),
        html_escape::encode_text(link_label),
        html_escape::encode_text(sign_off)
    ));
    Letter {
        subject,
        text,
        html,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The three-line order of the stored-orders fixture.
    fn order() -> OrderSnapshot {
        let file: serde_json::Value =
            serde_json::from_str(include_str!("../../../tests/fixtures/orders-schema-2.json"))
                .unwrap();
        OrderSnapshot::decode(&file["orders"][0]["snapshot"].to_string(), "goldsmith").unwrap()
    }

    #[test]
    fn a_confirmation_names_every_line_the_total_and_the_link() {
        let order = order();
        let letter = compose(
            Kind::Confirmation,
            "2026-000007",
            &order,
            None,
            "https://shop.example/orders/abc",
        );
        let l = order.lang;
        for line in &order.lines {
            assert!(
                letter.text.contains(line.product_name.get(l)),
                "{}",
                letter.text
            );
            let first = &line.spec[0];
            assert!(letter.text.contains(first.value_label.get(l)));
        }
        let total = format_money(order.total, &order.currency, l);
        assert!(letter.text.contains(&total) && letter.html.contains(&total));
        assert!(letter.text.contains("https://shop.example/orders/abc"));
        assert!(letter
            .html
            .contains("href=\"https://shop.example/orders/abc\""));
        assert!(letter.subject.contains("2026-000007"));
    }

    #[test]
    fn what_customers_typed_is_text_in_the_html() {
        let mut order = order();
        order.lang = Lang::En;
        order.customer.name = "Ann <b>&</b>".into();
        order.lines[0].spec[0].value_label.en = "<script>alert(1)</script>".into();
        let letter = compose(
            Kind::Rejected,
            "2026-000007",
            &order,
            Some("Size \"54\" <sold out>"),
            "https://shop.example/orders/abc",
        );
        assert!(
            letter.text.contains("Dear Ann <b>&</b>,"),
            "plain text stays as typed"
        );
        assert!(letter.text.contains("Reason: Size \"54\" <sold out>."));
        assert!(
            !letter.html.contains("<script>") && !letter.html.contains("<b>"),
            "{}",
            letter.html
        );
        assert!(letter
            .html
            .contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(letter.html.contains("Ann &lt;b&gt;&amp;&lt;/b&gt;"));
        assert_eq!(letter.subject, "We cannot make your order 2026-000007");
    }
}
