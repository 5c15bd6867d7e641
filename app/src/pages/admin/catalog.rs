//! `/admin/catalog` (marketing and owners): the published versions with
//! who, when and why, each downloadable and comparable, an older one
//! published again as a rollback; uploading a whole catalog as the draft;
//! `/admin/catalog/draft`: the draft checked and compared with the live
//! version, published with a note; `/admin/catalog/compare`: what changed
//! between any two versions.

mod changes;
pub mod editor;
pub mod preview;
mod tests;

use super::frame::{AdminFrame, Notice};
use super::{posted, query_pairs, tr, when};
use crate::admin::catalog::{
    parse_version, CatalogOverview, DraftReview, ScheduleFailure, VersionRow, MAX_NOTE,
};
use crate::admin::Area;
use crate::i18n::{use_lang, Lang};
use changes::{ChangeTable, ImpactTable, ProblemList};
use leptos::prelude::*;

/// The versions page.
#[component]
pub fn CatalogPage() -> impl IntoView {
    let l = use_lang().get_untracked();
    let posted = posted();
    view! {
        <AdminFrame title=Area::Catalog.label(l).to_owned()>
            <Notice posted />
            <Done />
            <Suspense fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
                {Suspend::new(async move {
                    match overview().await {
                        Some(all) => view! { <Overview all /> }.into_any(),
                        None => unreadable(l).into_any(),
                    }
                })}
            </Suspense>
            <script type="module" src="/admin.js" nonce=leptos::nonce::use_nonce()></script>
        </AdminFrame>
    }
}

async fn overview() -> Option<CatalogOverview> {
    #[cfg(feature = "ssr")]
    {
        let store = use_context::<crate::state::SharedCatalogAdmin>()?;
        store
            .overview()
            .await
            .map_err(|e| tracing::error!(error = %e, "reading the catalog versions failed"))
            .ok()
    }
    #[cfg(not(feature = "ssr"))]
    None
}

fn unreadable(l: Lang) -> impl IntoView {
    view! { <p class="notice refused" role="alert">{tr(l, "Der Katalog kann gerade nicht gelesen werden.", "The catalog cannot be read right now.")}</p> }
}

/// What the last form did (`?done=…&version=…`), after its redirect.
#[component]
fn Done() -> impl IntoView {
    let l = use_lang().get_untracked();
    let pairs = query_pairs();
    let get = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    let version = get("version")
        .and_then(|v| parse_version(&v))
        .unwrap_or_default();
    get("done").map(|done| {
        let text = match (done.as_str(), l) {
            ("published", Lang::De) => {
                format!("Als Version {version} veröffentlicht; die Kundschaft sieht sie jetzt.")
            }
            ("published", Lang::En) => {
                format!("Published as version {version}; customers see it now.")
            }
            ("rolledback", Lang::De) => format!(
                "Als Version {version} erneut veröffentlicht; die Kundschaft sieht sie jetzt."
            ),
            ("rolledback", Lang::En) => {
                format!("Published again as version {version}; customers see it now.")
            }
            ("discarded", _) => tr(l, "Entwurf verworfen.", "Draft discarded.").to_owned(),
            ("saved", _) => tr(
                l,
                "Als Entwurf gespeichert. Prüfen Sie ihn unten.",
                "Saved as the draft. Review it below.",
            )
            .to_owned(),
            ("scheduled", _) => tr(l, "Veröffentlichung geplant; der Entwurf wird dann veröffentlicht, wenn er die Prüfungen noch besteht.", "Publication scheduled; the draft is published then if it still passes the checks.").to_owned(),
            ("unscheduled", _) => tr(l, "Geplante Veröffentlichung aufgehoben.", "Scheduled publication cancelled.").to_owned(),
            ("tested", _) => tr(
                l,
                "Testkonfiguration gespeichert; sie erwartet, was der Link jetzt ergibt.",
                "Test configuration saved; it expects what the link gives now.",
            )
            .to_owned(),
            ("untested", _) => tr(
                l,
                "Testkonfiguration gelöscht.",
                "Test configuration deleted.",
            )
            .to_owned(),
            _ => tr(l, "Erledigt.", "Done.").to_owned(),
        };
        view! { <p class="notice applied" role="status">{text}</p> }
    })
}

#[component]
fn Overview(all: CatalogOverview) -> impl IntoView {
    let l = use_lang().get_untracked();
    let live = all.versions.first().map(|v| v.version).unwrap_or_default();
    let revision = all.draft.as_ref().map_or(0, |d| d.revision);
    let draft = match &all.draft {
        Some(d) => view! {
            <p data-testid="draft">
                {match l {
                    Lang::De => format!("Entwurf Stand {} (auf Grundlage von Version {}), {} Produkte, zuletzt von {} am {}. ", d.revision, d.base_version, d.products, d.updated_by, when(d.updated_at, l)),
                    Lang::En => format!("Draft revision {} (based on version {}), {} products, last saved by {} on {}. ", d.revision, d.base_version, d.products, d.updated_by, when(d.updated_at, l)),
                }}
                <a href="/admin/catalog/draft">{tr(l, "Prüfen und veröffentlichen", "Review and publish")}</a>
            </p>
            {d.publish_at.map(|at| view! {
                <form method="post" action="/admin/catalog/draft/unschedule" class="inline-form" data-testid="scheduled">
                    <input type="hidden" name="revision" value=d.revision.to_string() />
                    {match l {
                        Lang::De => format!("Geplant für {} (neu hochladen hebt das auf). ", when(at, l)),
                        Lang::En => format!("Scheduled for {} (uploading again cancels it). ", when(at, l)),
                    }}
                    <button type="submit" class="button">{tr(l, "Planung aufheben", "Cancel the schedule")}</button>
                </form>
            })}
            {d.schedule_failure.as_ref().map(|f| schedule_failed(l, f))}
        }.into_any(),
        None => view! { <p data-testid="draft">{tr(l, "Kein Entwurf.", "No draft.")}</p> }.into_any(),
    };
    let options = all.versions.iter().map(|v| v.version).collect::<Vec<_>>();
    let tests = all.tests;
    let products = all.products;
    let from_options = options.clone();
    // Comparing needs two versions.
    let compare = (options.len() >= 2).then(|| {
        view! {
            <form class="admin-form ops-form" method="get" action="/admin/catalog/compare">
            <label for="from">{tr(l, "Vergleichen: von Version", "Compare: from version")}</label>
            <select id="from" name="from">
                {from_options.into_iter().skip(1).map(|v| view! { <option value=v.to_string()>{v}</option> }).collect_view()}
            </select>
            <label for="to">{tr(l, "bis Version", "to version")}</label>
            <select id="to" name="to">
                {options.into_iter().map(|v| view! { <option value=v.to_string()>{v}</option> }).collect_view()}
            </select>
            <button type="submit" class="button">{tr(l, "Vergleichen", "Compare")}</button>
        </form>
        }
    });
    view! {
        <h2>{tr(l, "Entwurf", "Draft")}</h2>
        {draft}
        <p><a class="button primary" href="/admin/catalog/draft/products">{tr(l, "Katalog in Formularen bearbeiten", "Edit the catalog in forms")}</a></p>
        <form class="admin-form" method="post" action="/admin/catalog/import" enctype="multipart/form-data" data-upload="">
            <input type="hidden" name="revision" value=revision.to_string() />
            <label for="document">{tr(l, "Ganzen Katalog als Entwurf hochladen (JSON oder TOML, das Format der Engine)", "Upload a whole catalog as the draft (JSON or TOML, the engine's format)")}</label>
            <input id="document" name="document" type="file" accept=".json,.toml,application/json" required />
            <button type="submit" class="button">{tr(l, "Als Entwurf hochladen", "Upload as the draft")}</button>
        </form>
        <h2>{tr(l, "Veröffentlichte Versionen", "Published versions")}</h2>
        <table class="admin-table" data-testid="versions">
            <thead><tr>
                <th>{tr(l, "Version", "Version")}</th>
                <th>{tr(l, "Veröffentlicht", "Published")}</th>
                <th>{tr(l, "Notiz", "Note")}</th>
                <th>{tr(l, "Produkte", "Products")}</th>
                <th>{tr(l, "Aktionen", "Actions")}</th>
            </tr></thead>
            <tbody>
                {all.versions.into_iter().map(|v| view! { <VersionLine v live /> }).collect_view()}
            </tbody>
        </table>
        {compare}
        <tests::TestList tests products currency=all.currency />
    }
}

#[component]
fn VersionLine(v: VersionRow, live: i64) -> impl IntoView {
    let l = use_lang().get_untracked();
    let export = format!("/admin/catalog/versions/{}/export", v.version);
    let compare = format!("/admin/catalog/compare?from={}&to={live}", v.version);
    let rollback = format!("/admin/catalog/versions/{}/rollback", v.version);
    let note_id = format!("note-{}", v.version);
    let actions = if v.live {
        view! { <strong>{tr(l, "live", "live")}</strong> " " <a href=export>{tr(l, "herunterladen", "download")}</a> }.into_any()
    } else {
        view! {
            <a href=export>{tr(l, "herunterladen", "download")}</a> " · "
            <a href=compare>{tr(l, "mit live vergleichen", "compare with live")}</a>
            <form method="post" action=rollback class="inline-form">
                <label for=note_id.clone() class="visually-hidden">{tr(l, "Grund", "Reason")}</label>
                <input id=note_id type="text" name="note" required maxlength=MAX_NOTE.to_string()
                    placeholder=tr(l, "Grund", "Reason") />
                <button type="submit" class="button">{tr(l, "Wieder veröffentlichen", "Publish again")}</button>
            </form>
        }.into_any()
    };
    view! {
        <tr data-version=v.version.to_string()>
            <td>{v.version}</td>
            <td><time datetime=v.published_at.to_string()>{when(v.published_at, l)}</time><br /><small>{v.published_by}</small></td>
            <td>{v.note}{(!v.override_reason.is_empty()).then(|| view! { <br /><small class="refused">{tr(l, "Tests übergangen: ", "Tests overridden: ")}{v.override_reason.clone()}</small> })}</td>
            <td>{v.products}</td>
            <td>{actions}</td>
        </tr>
    }
}

/// The draft's review page.
#[component]
pub fn DraftPage() -> impl IntoView {
    let l = use_lang().get_untracked();
    let posted = posted();
    let note = posted.value("note").unwrap_or_default().to_owned();
    view! {
        <AdminFrame title=tr(l, "Katalogentwurf", "Catalog draft").to_owned()>
            <p><a href=Area::Catalog.path()>{tr(l, "← Katalog", "← Catalog")}</a></p>
            <Notice posted />
            <Done />
            <Suspense fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
                {Suspend::new(async move {
                    match review().await {
                        Ok(Some(review)) => view! { <Review review note=note.clone() /> }.into_any(),
                        Ok(None) => view! { <p>{tr(l, "Es gibt keinen Entwurf. Laden Sie einen Katalog auf der Katalogseite hoch.", "There is no draft. Upload a catalog on the catalog page.")}</p> }.into_any(),
                        Err(()) => unreadable(l).into_any(),
                    }
                })}
            </Suspense>
        </AdminFrame>
    }
}

async fn review() -> Result<Option<DraftReview>, ()> {
    #[cfg(feature = "ssr")]
    {
        let store = use_context::<crate::state::SharedCatalogAdmin>().ok_or(())?;
        store
            .draft_review()
            .await
            .map_err(|e| tracing::error!(error = %e, "reviewing the catalog draft failed"))
    }
    #[cfg(not(feature = "ssr"))]
    Err(())
}

/// Why the draft's scheduled publication was not carried out.
fn schedule_failed(l: Lang, failure: &ScheduleFailure) -> impl IntoView {
    let at = when(failure.scheduled_for, l);
    let reason = failure.reason.get(l);
    view! {
        <p class="notice refused" role="alert" data-testid="schedule-failed">{match l {
            Lang::De => format!("Die für {at} geplante Veröffentlichung wurde nicht ausgeführt: {reason} Der Entwurf ist nicht mehr geplant."),
            Lang::En => format!("The publication scheduled for {at} was not carried out: {reason} The draft is no longer scheduled."),
        }}</p>
    }
}

#[component]
fn Review(review: DraftReview, note: String) -> impl IntoView {
    let l = use_lang().get_untracked();
    let revision = review.draft.revision.to_string();
    let next = review.live_version + 1;
    let blocked = !review.errors.is_empty();
    let warnings = review.warnings.len();
    let failing = review.tests.iter().filter(|t| !t.passed()).count();
    let reason = (failing > 0).then(|| view! {
        <label for="override_reason">{match l {
            Lang::De => format!("{failing} Testkonfiguration(en) schlagen fehl. Trotzdem veröffentlichen, weil:"),
            Lang::En => format!("{failing} test configuration(s) fail. Publish anyway, because:"),
        }}</label>
        <input id="override_reason" name="override_reason" type="text" maxlength=MAX_NOTE.to_string() />
    });
    let confirm = (warnings > 0 && !blocked).then(|| {
        view! {
            <label class="check">
                <input type="checkbox" name="warnings_confirmed" value="yes" required />
                {match l {
                    Lang::De => format!(" Ich habe die {warnings} Hinweise gelesen."),
                    Lang::En => format!(" I have read the {warnings} warning(s)."),
                }}
            </label>
        }
    });
    let publish = (!blocked).then(|| view! {
        <form class="admin-form" method="post" action="/admin/catalog/draft/publish">
            <input type="hidden" name="revision" value=revision.clone() />
            <label for="note">{tr(l, "Was ändert sich und warum? (Notiz zur Version)", "What changes and why? (the version's note)")}</label>
            <textarea id="note" name="note" required maxlength=MAX_NOTE.to_string() rows="2">{note}</textarea>
            {confirm}
            {reason}
            <label for="publish_at">{tr(l, "Erst veröffentlichen am (Zeit des Shops; leer: jetzt)", "Publish at (the shop's time; empty: now)")}</label>
            <input id="publish_at" name="publish_at" type="datetime-local" step="1" />
            <button type="submit" class="button primary">{match l {
                Lang::De => format!("Als Version {next} veröffentlichen"),
                Lang::En => format!("Publish as version {next}"),
            }}</button>
        </form>
    });
    view! {
        <p><a href="/admin/catalog/draft/products">{tr(l, "Entwurf bearbeiten", "Edit the draft")}</a></p>
        <p data-testid="draft-summary">{match l {
            Lang::De => format!("Stand {} auf Grundlage von Version {}, {} Produkte, zuletzt von {} am {}.", review.draft.revision, review.draft.base_version, review.draft.products, review.draft.updated_by, when(review.draft.updated_at, l)),
            Lang::En => format!("Revision {} based on version {}, {} products, last saved by {} on {}.", review.draft.revision, review.draft.base_version, review.draft.products, review.draft.updated_by, when(review.draft.updated_at, l)),
        }}</p>
        {review.draft.schedule_failure.as_ref().map(|f| schedule_failed(l, f))}
        <h2>{tr(l, "Katalogprüfung", "Catalog check")}</h2>
        <ProblemList errors=review.errors warnings=review.warnings />
        <h2>{match l {
            Lang::De => format!("Änderungen gegenüber Version {} (live)", review.live_version),
            Lang::En => format!("Changes against version {} (live)", review.live_version),
        }}</h2>
        <ChangeTable changes=review.changes />
        <h2>{tr(l, "Testkonfigurationen", "Test configurations")}</h2>
        <tests::TestRuns runs=review.tests blocked currency=review.currency />
        <h2>{tr(l, "Auswirkungen auf offene Bestellungen und Warenkörbe", "Impact on open orders and carts")}</h2>
        <ImpactTable impact=review.impact />
        {publish}
        <form method="post" action="/admin/catalog/draft/discard" class="inline-form">
            <input type="hidden" name="revision" value=revision />
            <button type="submit" class="button">{tr(l, "Entwurf verwerfen", "Discard the draft")}</button>
        </form>
    }
}

/// The comparison page (`?from=…&to=…`).
#[component]
pub fn ComparePage() -> impl IntoView {
    let l = use_lang().get_untracked();
    let pairs = query_pairs();
    let get = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .and_then(|(_, v)| parse_version(v))
    };
    let (from, to) = (get("from"), get("to"));
    view! {
        <AdminFrame title=tr(l, "Versionen vergleichen", "Compare versions").to_owned()>
            <p><a href=Area::Catalog.path()>{tr(l, "← Katalog", "← Catalog")}</a></p>
            <Suspense fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
                {Suspend::new(async move {
                    let missing = || view! { <p class="notice refused" role="alert">{tr(l, "Diese Versionen gibt es nicht.", "There are no such versions.")}</p> }.into_any();
                    let (Some(from), Some(to)) = (from, to) else { return missing() };
                    match comparison(from, to).await {
                        Ok(Some(c)) => view! {
                            <h2>{match l {
                                Lang::De => format!("Von Version {} zu Version {}", c.from, c.to),
                                Lang::En => format!("From version {} to version {}", c.from, c.to),
                            }}</h2>
                            <ChangeTable changes=c.changes />
                        }.into_any(),
                        Ok(None) => missing(),
                        Err(()) => unreadable(l).into_any(),
                    }
                })}
            </Suspense>
        </AdminFrame>
    }
}

async fn comparison(from: i64, to: i64) -> Result<Option<crate::admin::catalog::Comparison>, ()> {
    #[cfg(feature = "ssr")]
    {
        let store = use_context::<crate::state::SharedCatalogAdmin>().ok_or(())?;
        store
            .compare(from, to)
            .await
            .map_err(|e| tracing::error!(error = %e, "comparing catalog versions failed"))
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = (from, to);
        Err(())
    }
}
