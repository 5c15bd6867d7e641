//! Hidden form fields as markup, for a form that is itself markup (the
//! configurator's cart form, see `order_actions`).

use html_escape::encode_double_quoted_attribute_to_string as attr;

/// `<input type="hidden">` for each name and value, escaped.
pub fn hidden_inputs(fields: &[(&str, String)]) -> String {
    let mut markup = String::new();
    for (name, value) in fields {
        markup.push_str("<input type=\"hidden\" name=\"");
        attr(name, &mut markup);
        markup.push_str("\" value=\"");
        attr(value, &mut markup);
        markup.push_str("\">");
    }
    markup
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_values_are_escaped() {
        let markup = hidden_inputs(&[("engraving", "Lina \"&\" <Tom>".into())]);
        assert_eq!(
            markup,
            "<input type=\"hidden\" name=\"engraving\" value=\"Lina &quot;&amp;&quot; &lt;Tom&gt;\">"
        );
    }
}
