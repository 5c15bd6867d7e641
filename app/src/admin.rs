//! The back office's people: who may open what. Every check happens on the
//! server; pages and navigation ask [`Role::may`] so they show only what a
//! role can open.

pub mod catalog;
pub mod catalog_form;
pub mod dashboard;
pub mod inbox;
pub mod integrations;
pub mod operations;
pub mod review;

use engine::Lang;
use serde::{Deserialize, Serialize};

/// What a person does in the shop.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Everything, including the people who sign in.
    Owner,
    /// Orders, capacity and stock.
    Staff,
    /// The catalog only.
    Marketing,
}

/// A part of the back office.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Area {
    /// The overview of orders, revenue, backlog and stock.
    Dashboard,
    Orders,
    /// Production lines and component stock.
    Operations,
    Catalog,
    /// Webhook endpoints for production, and the mail sent to customers.
    Integrations,
    /// The people who sign in.
    Users,
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 3] = [Role::Owner, Role::Staff, Role::Marketing];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Staff => "staff",
            Role::Marketing => "marketing",
        }
    }

    /// The role of a stored name.
    pub fn parse(name: &str) -> Option<Role> {
        Self::ALL.into_iter().find(|r| r.as_str() == name.trim())
    }

    /// Whether this role may open `area`.
    pub fn may(self, area: Area) -> bool {
        match self {
            Role::Owner => true,
            Role::Staff => matches!(area, Area::Dashboard | Area::Orders | Area::Operations),
            Role::Marketing => matches!(area, Area::Catalog),
        }
    }

    /// The role in words.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Role::Owner, Lang::De) => "Inhaber",
            (Role::Owner, Lang::En) => "Owner",
            (Role::Staff, Lang::De) => "Team",
            (Role::Staff, Lang::En) => "Staff",
            (Role::Marketing, Lang::De) => "Marketing",
            (Role::Marketing, Lang::En) => "Marketing",
        }
    }
}

impl Area {
    /// The areas whose pages exist so far, in the order of the navigation
    /// (the catalog follows; until then it is not offered, though its
    /// addresses are already guarded).
    pub const READY: [Area; 6] = [
        Area::Dashboard,
        Area::Orders,
        Area::Operations,
        Area::Catalog,
        Area::Integrations,
        Area::Users,
    ];

    /// Every area, in the order of the navigation.
    pub const ALL: [Area; 6] = [
        Area::Dashboard,
        Area::Orders,
        Area::Operations,
        Area::Catalog,
        Area::Integrations,
        Area::Users,
    ];

    /// The area's address.
    pub fn path(self) -> &'static str {
        match self {
            Area::Dashboard => "/admin",
            Area::Orders => "/admin/orders",
            Area::Operations => "/admin/operations",
            Area::Catalog => "/admin/catalog",
            Area::Integrations => "/admin/integrations",
            Area::Users => "/admin/users",
        }
    }

    /// The area an admin address belongs to (`None`: open to everyone
    /// signed in, such as the password page, or no admin address).
    pub fn of_path(path: &str) -> Option<Area> {
        let rest = path.strip_prefix("/admin")?;
        let first = rest.trim_start_matches('/').split('/').next().unwrap_or("");
        match first {
            "" => Some(Area::Dashboard),
            "orders" => Some(Area::Orders),
            "operations" => Some(Area::Operations),
            "catalog" => Some(Area::Catalog),
            "integrations" => Some(Area::Integrations),
            "users" => Some(Area::Users),
            _ => None,
        }
    }

    /// The area in words (navigation).
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Area::Dashboard, Lang::De) => "Übersicht",
            (Area::Dashboard, Lang::En) => "Overview",
            (Area::Orders, Lang::De) => "Bestellungen",
            (Area::Orders, Lang::En) => "Orders",
            (Area::Operations, Lang::De) => "Fertigung & Lager",
            (Area::Operations, Lang::En) => "Production & stock",
            (Area::Catalog, Lang::De) => "Katalog",
            (Area::Catalog, Lang::En) => "Catalog",
            (Area::Integrations, Lang::De) => "Anbindungen",
            (Area::Integrations, Lang::En) => "Integrations",
            (Area::Users, Lang::De) => "Zugänge",
            (Area::Users, Lang::En) => "People",
        }
    }
}

/// The person signed in, as the server put them into the request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedIn {
    pub user_id: String,
    pub email: String,
    pub name: String,
    pub role: Role,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_open_what_the_shop_expects() {
        let open = |role: Role| {
            Area::ALL
                .into_iter()
                .filter(|a| role.may(*a))
                .collect::<Vec<_>>()
        };
        assert_eq!(open(Role::Owner), Area::ALL.to_vec());
        assert_eq!(
            open(Role::Staff),
            vec![Area::Dashboard, Area::Orders, Area::Operations]
        );
        assert_eq!(open(Role::Marketing), vec![Area::Catalog]);
    }

    #[test]
    fn admin_addresses_belong_to_their_area() {
        for area in Area::ALL {
            assert_eq!(Area::of_path(area.path()), Some(area));
            if area != Area::Dashboard {
                assert_eq!(Area::of_path(&format!("{}/x/y", area.path())), Some(area));
            }
        }
        assert_eq!(
            Area::of_path("/admin/orders/2026-000001"),
            Some(Area::Orders)
        );
        assert_eq!(Area::of_path("/admin/password"), None);
        assert_eq!(Area::of_path("/cart"), None);
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
    }
}
