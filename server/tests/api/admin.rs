//! The back office's doors: the first owner through the one-time set-up
//! link, signing in (throttled) and out, passwords, roles checked on the
//! server for every admin page and form (enumerated from the router), and
//! cross-site requests refused.

use crate::helpers::{spawn_with_pool, Db, TestApp};
use crate::on_both_databases;
use app::admin::{Area, Role};
use atelier_server::auth::{setup, users, SESSION_COOKIE};
use atelier_server::http::admin::{DOWNLOADS, FORMS, PUBLIC};

async fn start(db: Db) -> Option<(TestApp, sqlx::AnyPool)> {
    spawn_with_pool(db, &[]).await
}

/// The session cookie a response sets, as a `Cookie` header value.
fn session_cookie(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{SESSION_COOKIE}=")))
        .map(|v| v.split(';').next().unwrap_or_default().to_owned())
}

impl TestApp {
    pub(crate) async fn post_form(
        &self,
        path: &str,
        cookie: Option<&str>,
        form: &[(&str, &str)],
    ) -> reqwest::Response {
        let mut request = self
            .client
            .post(format!("{}{path}", self.address))
            .form(form);
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        request.send().await.expect("request")
    }

    pub(crate) async fn get_with(&self, path: &str, cookie: Option<&str>) -> reqwest::Response {
        let mut request = self.client.get(format!("{}{path}", self.address));
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        request.send().await.expect("request")
    }

    /// Signs in; the session cookie.
    pub(crate) async fn sign_in(&self, email: &str, password: &str) -> String {
        let response = self
            .post_form(
                "/admin/login",
                None,
                &[("email", email), ("password", password), ("next", "/admin")],
            )
            .await;
        assert_eq!(response.status(), 303, "signed in as {email}");
        session_cookie(&response).expect("a session cookie")
    }
}

pub(crate) const PASSWORD: &str = "a long enough password";

pub(crate) async fn person(pool: &sqlx::AnyPool, role: Role) -> String {
    let email = format!("{}@example.de", role.as_str());
    users::add(pool, &email, role.label(engine::Lang::En), role, PASSWORD)
        .await
        .expect("added");
    email
}

on_both_databases!(
    the_first_owner_comes_through_the_one_time_link,
    |db: Db| async move {
        let Some((app, pool)) = start(db).await else {
            return;
        };
        // The link the server logged at start was replaced by this one.
        let secret = setup::issue(&pool)
            .await
            .unwrap()
            .expect("no one can sign in yet");
        let page = app
            .get(&format!("/admin/setup?token={secret}&lang=en"))
            .await;
        assert_eq!(page.status(), 200);
        assert!(page
            .text()
            .await
            .unwrap()
            .contains("Create the first account"));
        let weak = app
            .post_form(
                "/admin/setup?lang=en",
                None,
                &[
                    ("token", &secret),
                    ("name", "Ines"),
                    ("email", "ines@example.de"),
                    ("password", "short"),
                ],
            )
            .await;
        assert_eq!(weak.status(), 422);
        assert!(weak
            .text()
            .await
            .unwrap()
            .contains("at least 12 characters"));
        let wrong = app
            .post_form(
                "/admin/setup",
                None,
                &[
                    ("token", "f00"),
                    ("name", "Eve"),
                    ("email", "eve@example.de"),
                    ("password", PASSWORD),
                ],
            )
            .await;
        assert_eq!(wrong.status(), 422);
        assert_eq!(users::count(&pool).await.unwrap(), 0);

        let created = app
            .post_form(
                "/admin/setup",
                None,
                &[
                    ("token", &secret),
                    ("name", "Ines Owner"),
                    ("email", "Ines@Example.de"),
                    ("password", PASSWORD),
                ],
            )
            .await;
        assert_eq!(created.status(), 303);
        assert_eq!(created.headers()["location"], "/admin");
        let cookie = session_cookie(&created).expect("signed in at once");
        let start_page = app.get_with("/admin?lang=en", Some(&cookie)).await;
        assert_eq!(start_page.status(), 200);
        assert_eq!(start_page.headers()["cache-control"], "no-store, private");
        assert!(start_page.text().await.unwrap().contains("Ines Owner"));
        // The link is spent, and no new one is made once someone can sign in.
        let again = app
            .post_form(
                "/admin/setup",
                None,
                &[
                    ("token", &secret),
                    ("name", "Eve"),
                    ("email", "eve@example.de"),
                    ("password", PASSWORD),
                ],
            )
            .await;
        assert_eq!(again.status(), 422);
        assert_eq!(setup::issue(&pool).await.unwrap(), None);
        assert_eq!(users::count(&pool).await.unwrap(), 1);
        let (owner, hash) = users::by_email(&pool, "ines@example.de")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(owner.role, Role::Owner);
        assert!(hash.starts_with("$argon2id$"));
    }
);

on_both_databases!(
    signing_in_is_throttled_and_sessions_end,
    |db: Db| async move {
        let Some((app, pool)) = start(db).await else {
            return;
        };
        let email = person(&pool, Role::Staff).await;
        let wrong = app
            .post_form(
                "/admin/login?lang=en",
                None,
                &[("email", &email), ("password", "not the password")],
            )
            .await;
        assert_eq!(wrong.status(), 401);
        assert!(wrong
            .text()
            .await
            .unwrap()
            .contains("The email address or the password is wrong."));
        let nobody = app
            .post_form(
                "/admin/login?lang=en",
                None,
                &[("email", "nobody@example.de"), ("password", PASSWORD)],
            )
            .await;
        assert_eq!(
            nobody.status(),
            401,
            "an unknown address gets the same answer"
        );

        let response = app
            .post_form(
                "/admin/login",
                None,
                &[
                    ("email", &email),
                    ("password", PASSWORD),
                    ("next", "//evil.example/"),
                ],
            )
            .await;
        assert_eq!(response.status(), 303);
        assert_eq!(
            response.headers()["location"],
            "/admin",
            "only back-office addresses follow a sign-in"
        );
        let set = response
            .headers()
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .find(|v| v.starts_with(SESSION_COOKIE))
            .unwrap();
        for attribute in ["HttpOnly", "SameSite=Lax", "Path=/admin"] {
            assert!(set.contains(attribute), "{set} lacks {attribute}");
        }
        let cookie = session_cookie(&response).unwrap();
        let (stored,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM sessions WHERE user_id IS NOT NULL")
                .fetch_one(&pool)
                .await
                .unwrap();
        assert_eq!(
            stored, 1,
            "the session is in the database, for every server process"
        );
        assert_eq!(app.get_with("/admin", Some(&cookie)).await.status(), 200);

        // A second session; a new password ends it, keeps the one that changed it.
        let other = app.sign_in(&email, PASSWORD).await;
        let changed = app
            .post_form(
                "/admin/password?lang=en",
                Some(&cookie),
                &[
                    ("current", PASSWORD),
                    ("new", "another long password"),
                    ("repeat", "another long password"),
                ],
            )
            .await;
        assert_eq!(changed.status(), 200);
        let cookie = session_cookie(&changed).unwrap_or(cookie);
        assert_eq!(
            app.get_with("/admin", Some(&other)).await.status(),
            303,
            "the other session ended"
        );
        assert_eq!(app.get_with("/admin", Some(&cookie)).await.status(), 200);

        // Signing out ends the session.
        let out = app.post_form("/admin/logout", Some(&cookie), &[]).await;
        assert_eq!(out.status(), 303);
        assert_eq!(app.get_with("/admin", Some(&cookie)).await.status(), 303);

        // Five failures in a row lock the account for a while, even for the
        // right password.
        for _ in 0..5 {
            let response = app
                .post_form(
                    "/admin/login",
                    None,
                    &[("email", &email), ("password", "guess")],
                )
                .await;
            assert_eq!(response.status(), 401);
        }
        let locked = app
            .post_form(
                "/admin/login?lang=en",
                None,
                &[("email", &email), ("password", "another long password")],
            )
            .await;
        assert_eq!(locked.status(), 429);
        assert!(locked
            .text()
            .await
            .unwrap()
            .contains("Too many failed sign-ins"));
    }
);

/// Every admin page (from the app's routes) and form (from the list the
/// router is built from), except the public ones.
fn guarded() -> Vec<(String, &'static str, Option<Area>)> {
    let mut all: Vec<(String, &'static str, Option<Area>)> =
        leptos_axum::generate_route_list(app::App)
            .into_iter()
            .map(|r| r.path().to_owned())
            .filter(|p| {
                (p == "/admin" || p.starts_with("/admin/")) && !PUBLIC.contains(&p.as_str())
            })
            .map(|p| {
                let area = Area::of_path(&p);
                (p, "GET", area)
            })
            .collect();
    all.extend(
        FORMS
            .iter()
            .filter(|(p, _)| !PUBLIC.contains(p) && *p != "/admin/logout")
            .map(|(p, area)| (p.to_string(), "POST", *area)),
    );
    all.extend(
        DOWNLOADS
            .iter()
            .map(|(p, area)| (p.to_string(), "GET", Some(*area))),
    );
    assert!(
        all.len() >= 5,
        "the back office's routes were found: {all:?}"
    );
    all
}

on_both_databases!(
    every_admin_route_checks_the_role_on_the_server,
    |db: Db| async move {
        let Some((app, pool)) = start(db).await else {
            return;
        };
        let mut sessions = Vec::new();
        for role in Role::ALL {
            let email = person(&pool, role).await;
            sessions.push((role, app.sign_in(&email, PASSWORD).await));
        }
        for (path, method, area) in guarded() {
            let send = |cookie: Option<String>| {
                let app = &app;
                let path = path.clone();
                async move {
                    match method {
                        "GET" => app.get_with(&path, cookie.as_deref()).await,
                        _ => app.post_form(&path, cookie.as_deref(), &[]).await,
                    }
                }
            };
            let anonymous = send(None).await;
            match method {
                "GET" => {
                    assert_eq!(anonymous.status(), 303, "{path} without a session");
                    let location = anonymous.headers()["location"].to_str().unwrap().to_owned();
                    assert!(
                        location.starts_with("/admin/login?next="),
                        "{path}: {location}"
                    );
                }
                _ => assert_eq!(anonymous.status(), 401, "{method} {path} without a session"),
            }
            for (role, cookie) in &sessions {
                let status = send(Some(cookie.clone())).await.status();
                let may = area.is_none_or(|a| role.may(a));
                if may {
                    assert_ne!(status, 403, "{role:?} may use {method} {path}");
                    assert!(status.as_u16() < 500, "{role:?} {method} {path}: {status}");
                } else {
                    assert_eq!(status, 403, "{role:?} may not use {method} {path}");
                }
            }
        }
        // A staff member cannot add people; a marketing user cannot open orders.
        let staff = &sessions.iter().find(|(r, _)| *r == Role::Staff).unwrap().1;
        let added = app
            .post_form(
                "/admin/users",
                Some(staff),
                &[
                    ("name", "Mallory"),
                    ("email", "m@example.de"),
                    ("role", "owner"),
                    ("password", PASSWORD),
                ],
            )
            .await;
        assert_eq!(added.status(), 403);
        assert!(users::by_email(&pool, "m@example.de")
            .await
            .unwrap()
            .is_none());
        let owner = &sessions.iter().find(|(r, _)| *r == Role::Owner).unwrap().1;
        let added = app
            .post_form(
                "/admin/users?lang=en",
                Some(owner),
                &[
                    ("name", "Max Staff"),
                    ("email", "max@example.de"),
                    ("role", "staff"),
                    ("password", PASSWORD),
                ],
            )
            .await;
        assert_eq!(added.status(), 200);
        assert!(
            added.text().await.unwrap().contains("max@example.de"),
            "the list shows the new person"
        );
    }
);

on_both_databases!(cross_site_requests_are_refused, |db: Db| async move {
    let Some((app, pool)) = start(db).await else {
        return;
    };
    let email = person(&pool, Role::Owner).await;
    let forged = app
        .client
        .post(format!("{}/admin/login", app.address))
        .header("origin", "https://evil.example")
        .form(&[("email", email.as_str()), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403);
    let cart = app
        .client
        .post(format!("{}/cart", app.address))
        .header("origin", "null")
        .body("_action=remove&_line=x")
        .send()
        .await
        .unwrap();
    assert_eq!(cart.status(), 403);
    let own = app.address.trim_start_matches("http://").to_owned();
    let same = app
        .client
        .post(format!("{}/admin/login", app.address))
        .header("origin", format!("http://{own}"))
        .form(&[("email", email.as_str()), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(same.status(), 303, "the shop's own forms pass");
});
