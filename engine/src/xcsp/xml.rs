//! A minimal XML reader, enough for XCSP 2.1 documents: elements with
//! attributes and text, comments, processing instructions and a doctype
//! skipped. No entities beyond the five predefined ones, no CDATA.

use super::XcspError;

/// One element with its attributes, text and children.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Element {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    /// The element's own text (children's texts excluded), concatenated.
    pub text: String,
    pub children: Vec<Element>,
    /// 1-based line of the start tag.
    pub line: usize,
}

impl Element {
    /// The value of an attribute.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The first child with this name.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    /// The children with this name.
    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> {
        self.children.iter().filter(move |c| c.name == name)
    }
}

struct Reader<'a> {
    src: &'a str,
    pos: usize,
}

impl<'a> Reader<'a> {
    fn line(&self) -> usize {
        1 + self.src.as_bytes()[..self.pos]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
    }

    fn fail(&self, message: impl Into<String>) -> XcspError {
        XcspError {
            line: self.line(),
            message: message.into(),
        }
    }

    fn rest(&self) -> &'a str {
        &self.src[self.pos..]
    }

    /// Skips past `end`, failing if it never comes.
    fn skip_past(&mut self, end: &str, what: &str) -> Result<(), XcspError> {
        match self.rest().find(end) {
            Some(i) => {
                self.pos += i + end.len();
                Ok(())
            }
            None => Err(self.fail(format!("unterminated {what}"))),
        }
    }

    fn skip_ws(&mut self) {
        let trimmed = self.rest().trim_start();
        self.pos = self.src.len() - trimmed.len();
    }

    fn name(&mut self) -> Result<String, XcspError> {
        let rest = self.rest();
        let end = rest
            .find(|c: char| c.is_whitespace() || matches!(c, '>' | '/' | '='))
            .unwrap_or(rest.len());
        if end == 0 {
            return Err(self.fail("expected a name"));
        }
        self.pos += end;
        Ok(rest[..end].to_owned())
    }

    /// Reads a start tag after its `<`; returns the element and whether it
    /// closed itself (`/>`).
    fn start_tag(&mut self) -> Result<(Element, bool), XcspError> {
        let line = self.line();
        let name = self.name()?;
        let mut el = Element {
            name,
            line,
            ..Element::default()
        };
        loop {
            self.skip_ws();
            let rest = self.rest();
            if rest.starts_with("/>") {
                self.pos += 2;
                return Ok((el, true));
            }
            if rest.starts_with('>') {
                self.pos += 1;
                return Ok((el, false));
            }
            if rest.is_empty() {
                return Err(self.fail(format!("unterminated tag <{}>", el.name)));
            }
            let key = self.name()?;
            self.skip_ws();
            if !self.rest().starts_with('=') {
                return Err(self.fail(format!("attribute {key} has no value")));
            }
            self.pos += 1;
            self.skip_ws();
            let quote = match self.rest().chars().next() {
                Some(q @ ('"' | '\'')) => q,
                _ => return Err(self.fail(format!("attribute {key} is not quoted"))),
            };
            self.pos += 1;
            let end = self
                .rest()
                .find(quote)
                .ok_or_else(|| self.fail(format!("attribute {key} is not closed")))?;
            let value = unescape(&self.rest()[..end]);
            self.pos += end + 1;
            el.attrs.push((key, value));
        }
    }
}

fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Parses a document and returns its root element.
pub(crate) fn parse(src: &str) -> Result<Element, XcspError> {
    let mut r = Reader { src, pos: 0 };
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    loop {
        let rest = r.rest();
        let Some(lt) = rest.find('<') else {
            if let Some(open) = stack.last() {
                return Err(r.fail(format!("<{}> is never closed", open.name)));
            }
            if !rest.trim().is_empty() {
                return Err(r.fail("text after the root element"));
            }
            break;
        };
        let text = &rest[..lt];
        match stack.last_mut() {
            Some(open) => open.text.push_str(&unescape(text)),
            None if !text.trim().is_empty() => return Err(r.fail("text outside the root element")),
            None => {}
        }
        r.pos += lt;
        let rest = r.rest();
        if rest.starts_with("<!--") {
            r.skip_past("-->", "comment")?;
        } else if rest.starts_with("<?") {
            r.skip_past("?>", "processing instruction")?;
        } else if rest.starts_with("<!") {
            r.skip_past(">", "declaration")?;
        } else if rest.starts_with("</") {
            r.pos += 2;
            let name = r.name()?;
            r.skip_ws();
            if !r.rest().starts_with('>') {
                return Err(r.fail(format!("bad end tag </{name}")));
            }
            r.pos += 1;
            let el = stack
                .pop()
                .ok_or_else(|| r.fail(format!("</{name}> closes nothing")))?;
            if el.name != name {
                return Err(r.fail(format!("</{name}> closes <{}>", el.name)));
            }
            match stack.last_mut() {
                Some(parent) => parent.children.push(el),
                None if root.is_none() => root = Some(el),
                None => return Err(r.fail("two root elements")),
            }
        } else {
            r.pos += 1;
            let (el, closed) = r.start_tag()?;
            if closed {
                match stack.last_mut() {
                    Some(parent) => parent.children.push(el),
                    None if root.is_none() => root = Some(el),
                    None => return Err(r.fail("two root elements")),
                }
            } else {
                if stack.is_empty() && root.is_some() {
                    return Err(r.fail("two root elements"));
                }
                stack.push(el);
            }
        }
    }
    root.ok_or_else(|| r.fail("no root element"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_elements_attributes_and_text() {
        let doc = "<?xml version=\"1.0\"?>\n<!-- c -->\n<a x='1' y=\"a&amp;b\">hi<b/> there<c k=\"v\">t</c></a>\n";
        let a = parse(doc).unwrap();
        assert_eq!(a.name, "a");
        assert_eq!(a.attr("y"), Some("a&b"));
        assert_eq!(a.text, "hi there");
        assert_eq!(a.children.len(), 2);
        assert_eq!(a.child("c").unwrap().text, "t");
        assert_eq!(a.child("c").unwrap().line, 3);
    }

    #[test]
    fn refuses_broken_documents() {
        for bad in [
            "",
            "<a>",
            "<a></b>",
            "<a x=1/>",
            "<a/><b/>",
            "x<a/>",
            "<a><!-- </a>",
            "</a>",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} accepted");
        }
    }
}
