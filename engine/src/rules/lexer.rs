//! Splits rule source text into tokens with 1-based line/column positions.

use super::ParseError;

/// The reserved words of the rule language (lowercase only).
pub const KEYWORDS: [&str; 13] = [
    "and", "or", "not", "in", "has", "is", "set", "empty", "requires", "excludes", "visible", "if",
    "default",
];

/// Whether `word` is a keyword of the rule language.
pub fn is_keyword(word: &str) -> bool {
    KEYWORDS.contains(&word)
}

/// Every keyword of the rule language.
pub fn keywords() -> impl Iterator<Item = &'static str> {
    KEYWORDS.iter().copied()
}

/// Whether `c` may appear in an unquoted id: a letter, a digit, `_`, `-` or `.`.
pub fn is_id_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '-' | '.')
}

/// Whether `c` may start an unquoted id or number (`-` and `.` may not).
fn is_id_start(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Whether `word` has the shape of a NUMBER: ASCII digits with an optional
/// `.digits` part.
pub fn is_number_shaped(word: &str) -> bool {
    let (int, frac) = match word.split_once('.') {
        Some((int, frac)) => (int, Some(frac)),
        None => (word, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    digits(int) && frac.is_none_or(digits)
}

/// Whether `id` can be written without quotes where an id is expected and a
/// number would not do (it lexes as a single ID token with the same text).
pub fn is_plain_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(is_id_start)
        && chars.all(is_id_char)
        && !is_keyword(id)
        && !is_number_shaped(id)
}

/// Punctuation and operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sym {
    LParen,
    RParen,
    Comma,
    Plus,
    Minus,
    Star,
    /// `=`
    Eq,
    /// `==`
    EqEq,
    /// `!=`
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl Sym {
    /// The source text of the symbol.
    pub fn text(self) -> &'static str {
        match self {
            Sym::LParen => "(",
            Sym::RParen => ")",
            Sym::Comma => ",",
            Sym::Plus => "+",
            Sym::Minus => "-",
            Sym::Star => "*",
            Sym::Eq => "=",
            Sym::EqEq => "==",
            Sym::Ne => "!=",
            Sym::Lt => "<",
            Sym::Le => "<=",
            Sym::Gt => ">",
            Sym::Ge => ">=",
        }
    }
}

/// What a token is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Tok {
    /// An id, unquoted (never a keyword) or quoted (any text).
    Id {
        text: String,
        quoted: bool,
    },
    /// A NUMBER as written (`19`, `37.5`).
    Number(String),
    /// A keyword (`and`, `default`, ...).
    Keyword(&'static str),
    Sym(Sym),
    /// The end of the source text.
    End,
}

impl Tok {
    /// The token as named in error messages.
    pub fn describe(&self) -> String {
        match self {
            Tok::Id { text, .. } => format!("'{text}'"),
            Tok::Number(raw) => format!("'{raw}'"),
            Tok::Keyword(k) => format!("keyword '{k}'"),
            Tok::Sym(s) => format!("'{}'", s.text()),
            Tok::End => "the end of the rule".to_owned(),
        }
    }
}

/// A token and where it starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub tok: Tok,
    pub line: u32,
    pub column: u32,
}

/// A cursor over the source that tracks line and column in chars.
struct Cursor<'a> {
    chars: std::iter::Peekable<std::str::Chars<'a>>,
    line: u32,
    column: u32,
}

impl Cursor<'_> {
    fn peek(&mut self) -> Option<char> {
        self.chars.peek().copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.chars.next()?;
        if c == '\n' {
            self.line = self.line.saturating_add(1);
            self.column = 1;
        } else {
            self.column = self.column.saturating_add(1);
        }
        Some(c)
    }

    fn error(&self, line: u32, column: u32, message: impl Into<String>) -> ParseError {
        ParseError {
            line,
            column,
            message: message.into(),
        }
    }
}

/// Splits `src` into tokens, ending with [`Tok::End`].
pub fn tokenize(src: &str) -> Result<Vec<Token>, ParseError> {
    let mut cur = Cursor {
        chars: src.chars().peekable(),
        line: 1,
        column: 1,
    };
    let mut tokens = Vec::new();
    loop {
        while cur.peek().is_some_and(char::is_whitespace) {
            cur.bump();
        }
        let (line, column) = (cur.line, cur.column);
        let Some(c) = cur.bump() else {
            tokens.push(Token {
                tok: Tok::End,
                line,
                column,
            });
            return Ok(tokens);
        };
        let tok = match c {
            '"' => lex_quoted(&mut cur, line, column)?,
            c if is_id_start(c) => {
                let mut word = String::from(c);
                while let Some(next) = cur.peek().filter(|&n| is_id_char(n)) {
                    word.push(next);
                    cur.bump();
                }
                classify_word(word)
            }
            _ => Tok::Sym(lex_symbol(&mut cur, c, line, column)?),
        };
        tokens.push(Token { tok, line, column });
    }
}

fn classify_word(word: String) -> Tok {
    if is_number_shaped(&word) {
        Tok::Number(word)
    } else if let Some(k) = keywords().find(|k| *k == word) {
        Tok::Keyword(k)
    } else {
        Tok::Id {
            text: word,
            quoted: false,
        }
    }
}

fn lex_quoted(cur: &mut Cursor<'_>, line: u32, column: u32) -> Result<Tok, ParseError> {
    let mut text = String::new();
    loop {
        let (esc_line, esc_column) = (cur.line, cur.column);
        match cur.bump() {
            None => {
                return Err(cur.error(line, column, "this quoted id has no closing '\"'"));
            }
            Some('"') => break,
            Some('\\') => match cur.bump() {
                Some(c @ ('"' | '\\')) => text.push(c),
                _ => {
                    return Err(cur.error(
                        esc_line,
                        esc_column,
                        "inside quotes, '\\' may only escape '\"' or '\\'",
                    ))
                }
            },
            Some(c) => text.push(c),
        }
    }
    if text.is_empty() {
        return Err(cur.error(line, column, "an id cannot be empty"));
    }
    Ok(Tok::Id { text, quoted: true })
}

fn lex_symbol(cur: &mut Cursor<'_>, c: char, line: u32, column: u32) -> Result<Sym, ParseError> {
    let followed_by_eq = |cur: &mut Cursor<'_>| {
        let yes = cur.peek() == Some('=');
        if yes {
            cur.bump();
        }
        yes
    };
    Ok(match c {
        '(' => Sym::LParen,
        ')' => Sym::RParen,
        ',' => Sym::Comma,
        '+' => Sym::Plus,
        '-' => Sym::Minus,
        '*' => Sym::Star,
        '=' if followed_by_eq(cur) => Sym::EqEq,
        '=' => Sym::Eq,
        '!' if followed_by_eq(cur) => Sym::Ne,
        '<' if followed_by_eq(cur) => Sym::Le,
        '<' => Sym::Lt,
        '>' if followed_by_eq(cur) => Sym::Ge,
        '>' => Sym::Gt,
        _ => {
            let hint = match c {
                '&' => " (write 'and')",
                '|' => " (write 'or')",
                '!' => " (write 'not' or '!=')",
                '.' => " (a number starts with a digit, e.g. 0.5)",
                '\'' => " (quote ids with '\"')",
                _ => "",
            };
            let shown = if c.is_control() || c.is_whitespace() {
                format!("U+{:04X}", u32::from(c))
            } else {
                format!("'{c}'")
            };
            return Err(cur.error(line, column, format!("unexpected character {shown}{hint}")));
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<Tok> {
        tokenize(src)
            .expect("lexes")
            .into_iter()
            .map(|t| t.tok)
            .collect()
    }

    fn id(s: &str) -> Tok {
        Tok::Id {
            text: s.into(),
            quoted: false,
        }
    }

    #[test]
    fn ids_numbers_and_keywords() {
        assert_eq!(
            kinds("19in v8 full-leather 8 37.5 chest-waist 5. and AND"),
            vec![
                id("19in"),
                id("v8"),
                id("full-leather"),
                Tok::Number("8".into()),
                Tok::Number("37.5".into()),
                id("chest-waist"),
                id("5."),
                Tok::Keyword("and"),
                id("AND"),
                Tok::End
            ]
        );
        assert_eq!(
            kinds("chest - waist>=-8"),
            vec![
                id("chest"),
                Tok::Sym(Sym::Minus),
                id("waist"),
                Tok::Sym(Sym::Ge),
                Tok::Sym(Sym::Minus),
                Tok::Number("8".into()),
                Tok::End
            ]
        );
    }

    #[test]
    fn quoted_ids_and_positions() {
        let tokens = tokenize("a =\n  \"x \\\"y\\\\\"").expect("lexes");
        assert_eq!(
            tokens[2].tok,
            Tok::Id {
                text: "x \"y\\".into(),
                quoted: true
            }
        );
        assert_eq!((tokens[2].line, tokens[2].column), (2, 3));
        assert_eq!((tokens[3].line, tokens[3].column), (2, 12));
    }

    #[test]
    fn lexer_errors_point_at_the_character() {
        let e = tokenize("a = x && b").expect_err("fails");
        assert_eq!((e.line, e.column), (1, 7));
        assert!(e.message.contains("'and'"), "{}", e.message);
        let e = tokenize("a = \"open").expect_err("fails");
        assert_eq!((e.line, e.column), (1, 5));
        assert!(tokenize("a = \"\"").is_err());
        assert!(tokenize("a = \"\\n\"").is_err());
    }

    #[test]
    fn plain_ids() {
        assert!(is_plain_id("v8") && is_plain_id("19in") && is_plain_id("_x"));
        assert!(!is_plain_id("19") && !is_plain_id("and") && !is_plain_id("-x"));
        assert!(!is_plain_id("a b") && !is_plain_id(""));
    }
}
