//! Recursive-descent parser for the rule language (grammar in the engine
//! contract). Nesting is limited to [`MAX_DEPTH`], so it never overflows the
//! stack, and it never panics.

use super::ast::{CmpOp, Cond, Literal, NumExpr, Statement};
use super::lexer::{tokenize, Sym, Tok, Token};
use super::ParseError;
use crate::model::Milli;

/// The deepest nesting of parentheses, `not` and unary minus accepted.
pub const MAX_DEPTH: u32 = 64;

/// Parses one rule (`Rule.rule`).
pub fn parse_rule(src: &str) -> Result<Statement, ParseError> {
    let mut p = Parser::new(src)?;
    let statement = p.statement()?;
    p.expect_end("'and', 'or', 'requires', 'excludes' or the end of the rule")?;
    Ok(statement)
}

/// Parses one condition (`PriceRule.when`).
pub fn parse_condition(src: &str) -> Result<Cond, ParseError> {
    let mut p = Parser::new(src)?;
    let cond = p.cond()?;
    p.expect_end("'and', 'or' or the end of the condition")?;
    Ok(cond)
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
    depth: u32,
}

type Parsed<T> = Result<T, ParseError>;

impl Parser {
    fn new(src: &str) -> Parsed<Self> {
        Ok(Parser {
            tokens: tokenize(src)?,
            pos: 0,
            depth: 0,
        })
    }

    /// The token `ahead` places after the current one (the last is `End`).
    fn peek_at(&self, ahead: usize) -> &Token {
        let last = self.tokens.len().saturating_sub(1);
        let index = self.pos.saturating_add(ahead).min(last);
        // `tokenize` always ends with an `End` token, so `tokens` is non-empty.
        &self.tokens[index]
    }

    fn peek(&self) -> &Tok {
        &self.peek_at(0).tok
    }

    fn advance(&mut self) -> Token {
        let token = self.peek_at(0).clone();
        if self.pos + 1 < self.tokens.len() {
            self.pos += 1;
        }
        token
    }

    fn at_keyword(&self, keyword: &str) -> bool {
        matches!(self.peek(), Tok::Keyword(k) if *k == keyword)
    }

    fn at_sym(&self, sym: Sym) -> bool {
        *self.peek() == Tok::Sym(sym)
    }

    fn error_here(&self, message: impl Into<String>) -> ParseError {
        let token = self.peek_at(0);
        ParseError {
            line: token.line,
            column: token.column,
            message: message.into(),
        }
    }

    /// An error "expected X but found <current token>".
    fn expected(&self, what: &str) -> ParseError {
        let found = self.peek().describe();
        let hint = match self.peek() {
            Tok::Keyword(k) if what.contains("id") => {
                format!(" (write \"{k}\" in quotes to use it as an id)")
            }
            _ => String::new(),
        };
        self.error_here(format!("expected {what} but found {found}{hint}"))
    }

    fn expect_sym(&mut self, sym: Sym, context: &str) -> Parsed<()> {
        if self.at_sym(sym) {
            self.advance();
            Ok(())
        } else {
            Err(self.expected(&format!("'{}' {context}", sym.text())))
        }
    }

    fn expect_keyword(&mut self, keyword: &str, context: &str) -> Parsed<()> {
        if self.at_keyword(keyword) {
            self.advance();
            Ok(())
        } else {
            Err(self.expected(&format!("'{keyword}' {context}")))
        }
    }

    fn expect_end(&self, what: &str) -> Parsed<()> {
        match self.peek() {
            Tok::End => Ok(()),
            _ => Err(self.expected(what)),
        }
    }

    /// Enters one level of nesting, failing beyond [`MAX_DEPTH`].
    fn nest(&mut self) -> Parsed<()> {
        if self.depth >= MAX_DEPTH {
            return Err(self.error_here(format!(
                "the rule is nested too deeply (more than {MAX_DEPTH} levels of parentheses, 'not' or '-')"
            )));
        }
        self.depth += 1;
        Ok(())
    }

    fn unnest(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    /// An attribute or option id (quoted or not).
    fn id(&mut self, what: &str) -> Parsed<String> {
        match self.peek() {
            Tok::Id { text, .. } => {
                let text = text.clone();
                self.advance();
                Ok(text)
            }
            _ => Err(self.expected(what)),
        }
    }

    /// An option id in a list or after `has`: an id or a NUMBER taken as written.
    fn option_id(&mut self, what: &str) -> Parsed<String> {
        match self.peek() {
            Tok::Id { text, .. } | Tok::Number(text) => {
                let text = text.clone();
                self.advance();
                Ok(text)
            }
            _ => Err(self.expected(what)),
        }
    }

    fn statement(&mut self) -> Parsed<Statement> {
        if self.at_keyword("default") {
            self.advance();
            let attribute = self.id("an attribute id after 'default'")?;
            self.expect_sym(Sym::Eq, &format!("after 'default {attribute}'"))?;
            let value = self.literal()?;
            let cond = if self.at_keyword("if") {
                self.advance();
                Some(self.cond()?)
            } else {
                None
            };
            return Ok(Statement::Default {
                attribute,
                value,
                cond,
            });
        }
        if matches!(self.peek(), Tok::Id { .. })
            && matches!(self.peek_at(1).tok, Tok::Keyword("visible"))
        {
            let attribute = self.id("an attribute id")?;
            self.advance();
            self.expect_keyword("if", &format!("after '{attribute} visible'"))?;
            let cond = self.cond()?;
            return Ok(Statement::VisibleIf { attribute, cond });
        }
        let first = self.cond()?;
        if self.at_keyword("requires") {
            self.advance();
            Ok(Statement::Requires(first, self.cond()?))
        } else if self.at_keyword("excludes") {
            self.advance();
            Ok(Statement::Excludes(first, self.cond()?))
        } else {
            Ok(Statement::Always(first))
        }
    }

    fn literal(&mut self) -> Parsed<Literal> {
        match self.peek().clone() {
            Tok::Id { text, .. } => {
                self.advance();
                Ok(Literal::Id(text))
            }
            Tok::Number(_) => Ok(Literal::Number(self.number(false)?)),
            Tok::Sym(Sym::Minus) if matches!(self.peek_at(1).tok, Tok::Number(_)) => {
                self.advance();
                Ok(Literal::Number(self.number(true)?))
            }
            _ => Err(self.expected("an option id or a number after '='")),
        }
    }

    /// The NUMBER at the current token, negated if `negative`.
    fn number(&mut self, negative: bool) -> Parsed<Milli> {
        let Tok::Number(raw) = self.peek().clone() else {
            return Err(self.expected("a number"));
        };
        let value = Milli::parse(&raw).map_err(|_| {
            self.error_here(format!(
                "the number '{raw}' has more than three decimal places or is too large"
            ))
        })?;
        self.advance();
        Ok(if negative { Milli(-value.0) } else { value })
    }

    fn cond(&mut self) -> Parsed<Cond> {
        let first = self.conj()?;
        if !self.at_keyword("or") {
            return Ok(first);
        }
        let mut parts = vec![first];
        while self.at_keyword("or") {
            self.advance();
            parts.push(self.conj()?);
        }
        Ok(Cond::Or(parts))
    }

    fn conj(&mut self) -> Parsed<Cond> {
        let first = self.unary()?;
        if !self.at_keyword("and") {
            return Ok(first);
        }
        let mut parts = vec![first];
        while self.at_keyword("and") {
            self.advance();
            parts.push(self.unary()?);
        }
        Ok(Cond::And(parts))
    }

    fn unary(&mut self) -> Parsed<Cond> {
        if self.at_keyword("not") {
            self.nest()?;
            self.advance();
            let inner = self.unary();
            self.unnest();
            return Ok(Cond::Not(Box::new(inner?)));
        }
        if self.at_sym(Sym::LParen) {
            return self.parenthesised();
        }
        self.atom()
    }

    /// `(` starts either a parenthesised condition or the left side of a
    /// comparison such as `(chest - waist) >= 8`. The comparison is tried
    /// first; if it fails, the condition; the error reported is the one that
    /// got further.
    fn parenthesised(&mut self) -> Parsed<Cond> {
        let start = self.pos;
        let as_compare = self.compare();
        let compare_error = match as_compare {
            Ok(cond) => return Ok(cond),
            Err(e) => e,
        };
        self.pos = start;
        self.nest()?;
        self.advance();
        let inner = self.cond().and_then(|cond| {
            self.expect_sym(Sym::RParen, "to close the '('")?;
            Ok(cond)
        });
        self.unnest();
        inner.map_err(|cond_error| {
            if (compare_error.line, compare_error.column) > (cond_error.line, cond_error.column) {
                compare_error
            } else {
                cond_error
            }
        })
    }

    fn atom(&mut self) -> Parsed<Cond> {
        let Tok::Id {
            text: attribute, ..
        } = self.peek().clone()
        else {
            return match self.peek() {
                Tok::Number(_) | Tok::Sym(Sym::Minus) => self.compare(),
                _ => Err(self.expected("a condition")),
            };
        };
        match self.peek_at(1).tok.clone() {
            Tok::Keyword("in") => {
                self.pos += 2;
                let options = self.option_list("in")?;
                Ok(Cond::In { attribute, options })
            }
            Tok::Keyword("not") => {
                self.pos += 2;
                self.expect_keyword("in", &format!("after '{attribute} not'"))?;
                let options = self.option_list("not in")?;
                Ok(Cond::Not(Box::new(Cond::In { attribute, options })))
            }
            Tok::Keyword("has") => {
                self.pos += 2;
                let option = self.option_id("an option id after 'has'")?;
                Ok(Cond::Has { attribute, option })
            }
            Tok::Keyword("is") => {
                self.pos += 2;
                let set = Cond::IsSet { attribute };
                if self.at_keyword("set") {
                    self.advance();
                    Ok(set)
                } else if self.at_keyword("empty") {
                    self.advance();
                    Ok(Cond::Not(Box::new(set)))
                } else {
                    Err(self.expected("'set' or 'empty' after 'is'"))
                }
            }
            Tok::Sym(op @ (Sym::Eq | Sym::Ne)) if self.is_single_option_test() => {
                self.pos += 2;
                let option = self.id("an option id")?;
                let is_in = Cond::In {
                    attribute,
                    options: vec![option],
                };
                Ok(if op == Sym::Eq {
                    is_in
                } else {
                    Cond::Not(Box::new(is_in))
                })
            }
            _ => self.compare(),
        }
    }

    /// At `ID (=|!=) ID` not followed by an arithmetic operator (or at a
    /// keyword where that ID should be).
    fn is_single_option_test(&self) -> bool {
        // A keyword cannot start a number either: report it as a misused option id.
        matches!(self.peek_at(2).tok, Tok::Id { .. } | Tok::Keyword(_))
            && !matches!(
                self.peek_at(3).tok,
                Tok::Sym(Sym::Plus | Sym::Minus | Sym::Star)
            )
    }

    /// `( ID (, ID)* )` after `in` / `not in`.
    fn option_list(&mut self, after: &str) -> Parsed<Vec<String>> {
        self.expect_sym(Sym::LParen, &format!("after '{after}'"))?;
        let mut options = vec![self.option_id(&format!("an option id after '{after} ('"))?];
        while self.at_sym(Sym::Comma) {
            self.advance();
            options.push(self.option_id("an option id after ','")?);
        }
        if !self.at_sym(Sym::RParen) {
            return Err(self.expected("',' or ')' in the option list"));
        }
        self.advance();
        Ok(options)
    }

    fn compare(&mut self) -> Parsed<Cond> {
        let left = self.sum()?;
        let op = match self.peek() {
            Tok::Sym(Sym::Lt) => CmpOp::Lt,
            Tok::Sym(Sym::Le) => CmpOp::Le,
            Tok::Sym(Sym::Gt) => CmpOp::Gt,
            Tok::Sym(Sym::Ge) => CmpOp::Ge,
            Tok::Sym(Sym::Eq | Sym::EqEq) => CmpOp::Eq,
            Tok::Sym(Sym::Ne) => CmpOp::Ne,
            _ => {
                let what = match &left {
                    NumExpr::Attr(a) => format!(
                        "'=', '!=', 'in', 'not in', 'has', 'is' or a comparison after '{a}'"
                    ),
                    _ => "a comparison ('<', '<=', '>', '>=', '=', '!=')".to_owned(),
                };
                return Err(self.expected(&what));
            }
        };
        self.advance();
        let right = self.sum()?;
        Ok(Cond::Compare { left, op, right })
    }

    fn sum(&mut self) -> Parsed<NumExpr> {
        let mut left = self.term()?;
        loop {
            let build: fn(Box<NumExpr>, Box<NumExpr>) -> NumExpr = match self.peek() {
                Tok::Sym(Sym::Plus) => NumExpr::Add,
                Tok::Sym(Sym::Minus) => NumExpr::Sub,
                _ => return Ok(left),
            };
            self.advance();
            let right = self.term()?;
            left = build(Box::new(left), Box::new(right));
        }
    }

    fn term(&mut self) -> Parsed<NumExpr> {
        let mut left = self.factor()?;
        while self.at_sym(Sym::Star) {
            self.advance();
            let right = self.factor()?;
            left = NumExpr::Mul(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn factor(&mut self) -> Parsed<NumExpr> {
        match self.peek().clone() {
            Tok::Number(_) => Ok(NumExpr::Const(self.number(false)?)),
            Tok::Id { text, .. } => {
                self.advance();
                Ok(NumExpr::Attr(text))
            }
            Tok::Sym(Sym::Minus) => {
                self.advance();
                if matches!(self.peek(), Tok::Number(_)) {
                    return Ok(NumExpr::Const(self.number(true)?));
                }
                self.nest()?;
                let inner = self.factor();
                self.unnest();
                Ok(NumExpr::Neg(Box::new(inner?)))
            }
            Tok::Sym(Sym::LParen) => {
                self.nest()?;
                self.advance();
                let inner = self.sum().and_then(|sum| {
                    self.expect_sym(Sym::RParen, "to close the '('")?;
                    Ok(sum)
                });
                self.unnest();
                inner
            }
            _ => Err(self.expected("a number or a number attribute")),
        }
    }
}
