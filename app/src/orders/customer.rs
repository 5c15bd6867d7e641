//! The customer's contact and shipping address: checked field by field,
//! stored exactly as accepted (trimmed, NFC is left to the browser).

use super::{countries, CheckoutForm, Field, Problem};
use serde::{Deserialize, Serialize};

/// Contact and shipping address as accepted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Customer {
    pub name: String,
    pub email: String,
    /// Empty when not given.
    pub phone: String,
    pub street: String,
    pub postal_code: String,
    pub city: String,
    /// ISO 3166-1 alpha-2, upper case.
    pub country: String,
}

/// Longest accepted lengths, in characters.
pub const MAX_NAME: usize = 100;
pub const MAX_EMAIL: usize = 254;
pub const MAX_PHONE: usize = 30;
pub const MAX_STREET: usize = 100;
pub const MAX_CITY: usize = 60;

/// Checks the contact and address fields of `form`: the customer, or every
/// problem found.
pub fn validate(form: &CheckoutForm) -> Result<Customer, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut text = |field: Field, raw: &str, min: usize, max: usize| -> String {
        let value = raw.trim();
        let len = value.chars().count();
        if let Some(problem) = unsafe_characters(field, value) {
            problems.push(problem);
        } else if len < min {
            problems.push(if len == 0 {
                Problem::new(field, "Bitte ausfüllen.", "Please fill this in.")
            } else {
                Problem::new(
                    field,
                    format!("Mindestens {min} Zeichen."),
                    format!("At least {min} characters."),
                )
            });
        } else if len > max {
            problems.push(Problem::new(
                field,
                format!("Höchstens {max} Zeichen (jetzt {len})."),
                format!("At most {max} characters (now {len})."),
            ));
        }
        value.to_owned()
    };
    let name = text(Field::Name, &form.name, 2, MAX_NAME);
    let email = text(Field::Email, &form.email, 3, MAX_EMAIL);
    let phone = text(Field::Phone, &form.phone, 0, MAX_PHONE);
    let street = text(Field::Street, &form.street, 3, MAX_STREET);
    let postal_code = text(Field::PostalCode, &form.postal_code, 1, 12);
    let city = text(Field::City, &form.city, 2, MAX_CITY);
    let reported = |problems: &[Problem], field| problems.iter().any(|p| p.field == field);

    if !reported(&problems, Field::Email) && !is_email(&email) {
        problems.push(Problem::new(
            Field::Email,
            "Bitte eine E-Mail-Adresse wie name@beispiel.de angeben.",
            "Please enter an email address like name@example.com.",
        ));
    }
    if !reported(&problems, Field::Phone) && !phone.is_empty() && !is_phone(&phone) {
        problems.push(Problem::new(
            Field::Phone,
            "Bitte nur Ziffern, Leerzeichen und + - / ( ) verwenden, mindestens 6 Ziffern.",
            "Please use only digits, spaces and + - / ( ), at least 6 digits.",
        ));
    }
    if !reported(&problems, Field::Street) && !street.chars().any(char::is_alphabetic) {
        problems.push(Problem::new(
            Field::Street,
            "Bitte Straße und Hausnummer angeben.",
            "Please enter the street and house number.",
        ));
    }
    let country = countries::find(form.country.trim());
    match country {
        None => problems.push(Problem::new(
            Field::Country,
            "Bitte ein Lieferland aus der Liste wählen.",
            "Please choose a delivery country from the list.",
        )),
        Some(country) => {
            if !reported(&problems, Field::PostalCode) && !country.accepts_postal_code(&postal_code)
            {
                let formats = country.postal_formats.join(", ").replace('9', "0");
                problems.push(Problem::new(
                    Field::PostalCode,
                    format!(
                        "Postleitzahlen in {} haben die Form {formats}.",
                        country.name_de
                    ),
                    format!("Postal codes in {} look like {formats}.", country.name_en),
                ));
            }
        }
    }
    if form.terms.is_none() {
        problems.push(Problem::new(
            Field::Terms,
            "Bitte den AGB zustimmen, um zu bestellen.",
            "Please accept the terms to order.",
        ));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Customer {
        name,
        email,
        phone,
        street,
        postal_code: postal_code.to_uppercase(),
        city,
        country: country.map(|c| c.code.to_owned()).unwrap_or_default(),
    })
}

/// Control, bidi-override and zero-width characters are refused everywhere.
fn unsafe_characters(field: Field, value: &str) -> Option<Problem> {
    let bad = value.chars().any(|c| {
        c.is_control() || engine::input::is_bidi_control(c) || engine::input::is_zero_width(c)
    });
    bad.then(|| {
        Problem::new(
            field,
            "Enthält unsichtbare Steuerzeichen; bitte neu eingeben.",
            "Contains invisible control characters; please type it again.",
        )
    })
}

/// A plain address check: `local@domain.tld` with the usual characters only
/// (no spaces, quotes, commas or angle brackets), sane lengths.
fn is_email(email: &str) -> bool {
    let Some((local, domain)) = email.rsplit_once('@') else {
        return false;
    };
    let labels: Vec<&str> = domain.split('.').collect();
    !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && local
            .chars()
            .all(|c| c.is_alphanumeric() || ".!#$%&'*+/=?^_`{|}~-".contains(c))
        && labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
}

fn is_phone(phone: &str) -> bool {
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    digits >= 6
        && phone
            .chars()
            .all(|c| c.is_ascii_digit() || " +-/()".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> CheckoutForm {
        CheckoutForm {
            name: " Erika Mustermann ".into(),
            email: "erika@example.de".into(),
            street: "Hauptstraße 5".into(),
            postal_code: "10115".into(),
            city: "Berlin".into(),
            country: "DE".into(),
            terms: Some("on".into()),
            ..Default::default()
        }
    }

    fn fields(result: Result<Customer, Vec<Problem>>) -> Vec<Field> {
        result.unwrap_err().into_iter().map(|p| p.field).collect()
    }

    #[test]
    fn a_complete_address_is_accepted_trimmed() {
        let customer = validate(&form()).unwrap();
        assert_eq!(customer.name, "Erika Mustermann");
        assert_eq!(customer.country, "DE");
        assert_eq!(customer.phone, "");
    }

    #[test]
    fn every_problem_is_reported_on_its_field() {
        let bad = CheckoutForm {
            name: "E".into(),
            email: "erika@".into(),
            phone: "call me".into(),
            street: "123".into(),
            postal_code: "1234".into(),
            city: "".into(),
            terms: None,
            ..form()
        };
        assert_eq!(
            fields(validate(&bad)),
            vec![
                Field::Name,
                Field::City,
                Field::Email,
                Field::Phone,
                Field::Street,
                Field::PostalCode,
                Field::Terms
            ]
        );
    }

    #[test]
    fn hidden_characters_and_unknown_countries_are_refused() {
        let bad = CheckoutForm {
            name: "Erika\u{202E}nnam".into(),
            city: "Ber\u{200B}lin".into(),
            country: "Atlantis".into(),
            ..form()
        };
        assert_eq!(
            fields(validate(&bad)),
            vec![Field::Name, Field::City, Field::Country]
        );
    }

    #[test]
    fn overlong_fields_say_how_long_they_are() {
        let bad = CheckoutForm {
            name: "x".repeat(MAX_NAME + 1),
            ..form()
        };
        let problems = validate(&bad).unwrap_err();
        assert_eq!(problems[0].message.en, "At most 100 characters (now 101).");
    }

    #[test]
    fn email_addresses_are_plain() {
        for good in [
            "erika@example.de",
            "e.m+shop@mail.example.com",
            "jörg@beispiel.de",
        ] {
            assert!(is_email(good), "{good}");
        }
        for bad in [
            "erika",
            "erika@",
            "@example.de",
            "a,b@example.de",
            "a <b@example.de>",
            "\"a b\"@example.de",
            "erika@example",
            "erika@-x.de",
            ".erika@example.de",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
    }
}
