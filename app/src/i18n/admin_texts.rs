//! Interface texts of the back office, in German and English.

use engine::Lang;

/// One back-office text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AdminText {
    BackOffice,
    SignIn,
    SignInTitle,
    SignOut,
    Email,
    Password,
    SignedInAs,
    ChangePassword,
    CurrentPassword,
    NewPassword,
    RepeatPassword,
    Save,
    PasswordChanged,
    Forbidden,
    ForbiddenText,
    SetupTitle,
    SetupText,
    SetupInvalid,
    Name,
    CreateOwner,
    People,
    AddPerson,
    Role,
    Added,
    WrongSignIn,
    Throttled,
    PasswordsDiffer,
    WrongPassword,
    PleaseSignIn,
    Welcome,
}

/// The text for `key` in `lang`.
pub fn at(lang: Lang, key: AdminText) -> &'static str {
    use AdminText::*;
    let (de, en) = match key {
        BackOffice => ("Verwaltung", "Back office"),
        SignIn => ("Anmelden", "Sign in"),
        SignInTitle => ("Anmelden in der Verwaltung", "Sign in to the back office"),
        SignOut => ("Abmelden", "Sign out"),
        Email => ("E-Mail", "Email"),
        Password => ("Passwort", "Password"),
        SignedInAs => ("Angemeldet als", "Signed in as"),
        ChangePassword => ("Passwort ändern", "Change password"),
        CurrentPassword => ("Bisheriges Passwort", "Current password"),
        NewPassword => ("Neues Passwort (mindestens 12 Zeichen)", "New password (at least 12 characters)"),
        RepeatPassword => ("Neues Passwort noch einmal", "New password again"),
        Save => ("Speichern", "Save"),
        PasswordChanged => (
            "Das Passwort wurde geändert; andere Anmeldungen mit dem alten sind beendet.",
            "The password was changed; other sessions with the old one have ended.",
        ),
        Forbidden => ("Kein Zugang", "No access"),
        ForbiddenText => (
            "Diesen Bereich kann Ihre Rolle nicht öffnen. Bitte wenden Sie sich an die Inhaberin oder den Inhaber des Shops.",
            "Your role cannot open this area. Please ask the shop's owner.",
        ),
        SetupTitle => ("Ersten Zugang anlegen", "Create the first account"),
        SetupText => (
            "Noch kann sich niemand anmelden. Legen Sie hier den Zugang der Inhaberin oder des Inhabers an; dieser Link gilt nur einmal.",
            "No one can sign in yet. Create the owner's account here; this link works once.",
        ),
        SetupInvalid => (
            "Dieser Einrichtungslink gilt nicht (mehr). Der Server nennt beim Start einen neuen, solange sich niemand anmelden kann.",
            "This set-up link is not valid (any more). While no one can sign in, the server logs a new one when it starts.",
        ),
        Name => ("Name", "Name"),
        CreateOwner => ("Zugang anlegen", "Create account"),
        People => ("Zugänge", "People"),
        AddPerson => ("Zugang hinzufügen", "Add a person"),
        Role => ("Rolle", "Role"),
        Added => ("Der Zugang wurde angelegt.", "The account was created."),
        WrongSignIn => (
            "E-Mail-Adresse oder Passwort stimmen nicht.",
            "The email address or the password is wrong.",
        ),
        Throttled => (
            "Zu viele fehlgeschlagene Anmeldungen. Bitte versuchen Sie es in 15 Minuten wieder.",
            "Too many failed sign-ins. Please try again in 15 minutes.",
        ),
        PasswordsDiffer => (
            "Die beiden neuen Passwörter sind verschieden.",
            "The two new passwords differ.",
        ),
        WrongPassword => ("Das bisherige Passwort stimmt nicht.", "The current password is wrong."),
        PleaseSignIn => ("Bitte melden Sie sich an.", "Please sign in."),
        Welcome => ("Willkommen", "Welcome"),
    };
    match lang {
        Lang::De => de,
        Lang::En => en,
    }
}
