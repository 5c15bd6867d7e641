//! Asking before a choice that needs other choices to change: "Choosing the
//! V6 removes the eco package: continue?"

use super::words::{conflict_label, rule_messages, value_label};
use super::{Page, Pending};
use crate::i18n::{t, use_lang, Key};
use engine::solver::Target;
use engine::Selection;
use leptos::prelude::*;

/// The dialog for a pending change; `on_apply` gets the proposed selection.
#[component]
pub fn ProposalDialog(
    page: Page,
    pending: RwSignal<Option<Pending>>,
    on_apply: impl Fn(Selection) + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let l = use_lang().get_untracked();
    let compiled = page.data.compiled.clone();
    move || {
        let p = pending.get()?;
        let current = page.state.with_untracked(|s| s.selection.clone());
        let wanted = match &p.target {
            Target::Value { value } => value_label(&compiled.product, &p.attribute, value, l),
            Target::NoValue => t(l, Key::NoneOption).to_owned(),
            Target::Excluded { option } => format!(
                "− {}",
                super::words::option_label(&compiled.product, &p.attribute, option, l)
            ),
        };
        let heading = format!(
            "{}: {wanted}",
            super::words::attribute_label(&compiled.product, &p.attribute, l)
        );
        let conflicts: Vec<String> = p
            .explanation
            .conflicts
            .iter()
            .map(|c| conflict_label(&compiled.product, &current, c, l))
            .collect();
        let messages = rule_messages(&p.explanation.rules, l);
        let proposal = p.explanation.proposal.clone();
        let changes = match l {
            crate::i18n::Lang::De => format!("Dafür ändert sich: {}", conflicts.join(", ")),
            crate::i18n::Lang::En => format!("This changes: {}", conflicts.join(", ")),
        };
        let apply = {
            let on_apply = on_apply.clone();
            move |_| {
                if let Some(selection) = proposal.clone() {
                    on_apply(selection);
                }
            }
        };
        let can_apply = p.explanation.proposal.is_some();
        Some(view! {
            <div class="proposal-backdrop">
                <section class="proposal" role="alertdialog" aria-modal="true" aria-labelledby="proposal-heading" aria-describedby="proposal-text">
                    <h2 id="proposal-heading">{heading}</h2>
                    <div id="proposal-text">
                        {messages.into_iter().map(|m| view! { <p class="rule-message">{m}</p> }).collect_view()}
                        {(!conflicts.is_empty()).then(|| view! { <p class="changes">{changes}</p> })}
                        {(!can_apply).then(|| view! { <p>{t(l, Key::NeverPossible)}</p> })}
                    </div>
                    <div class="actions">
                        {can_apply.then(|| view! { <button type="button" class="primary" on:click=apply>{t(l, Key::Apply)}</button> })}
                        <button type="button" autofocus on:click=move |_| pending.set(None)>{t(l, Key::Cancel)}</button>
                    </div>
                </section>
            </div>
        })
    }
}
