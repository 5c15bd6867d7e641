//! A loaded page that its `<Suspense>` renders without walking it first.
//!
//! Before it renders, a `<Suspense>` "dry-resolves" its children, up to
//! twice, to find the resources they read: that runs every reactive closure
//! of the view (each option row's state, price and reason) once more per
//! walk, before the render runs them again. A page that has its data by
//! the time its view exists reads no resources, so walking it finds
//! nothing: [`Settled`] skips the walk and otherwise is the view it wraps.
//! Measured on the configurator, the walks were a fifth of a render's work.

use leptos::tachys::{
    html::attribute::{any_attribute::AnyAttribute, Attribute},
    hydration::Cursor,
    ssr::StreamBuilder,
    view::{add_attr::AddAnyAttr, Position, PositionState, Render, RenderHtml},
};

/// `view`, whose contents read no resource (their data is loaded before
/// it is made), so a `<Suspense>` need not walk it to find any.
pub struct Settled<V>(pub V);

impl<V: Render> Render for Settled<V> {
    type State = V::State;

    fn build(self) -> Self::State {
        self.0.build()
    }

    fn rebuild(self, state: &mut Self::State) {
        self.0.rebuild(state)
    }
}

impl<V: RenderHtml> RenderHtml for Settled<V> {
    type AsyncOutput = V::AsyncOutput;
    type Owned = Settled<V::Owned>;

    const MIN_LENGTH: usize = V::MIN_LENGTH;
    const EXISTS: bool = V::EXISTS;

    /// Nothing to find: the point of this type.
    fn dry_resolve(&mut self) {}

    async fn resolve(self) -> Self::AsyncOutput {
        self.0.resolve().await
    }

    fn html_len(&self) -> usize {
        self.0.html_len()
    }

    fn to_html_with_buf(
        self,
        buf: &mut String,
        position: &mut Position,
        escape: bool,
        mark_branches: bool,
        extra_attrs: Vec<AnyAttribute>,
    ) {
        self.0
            .to_html_with_buf(buf, position, escape, mark_branches, extra_attrs)
    }

    fn to_html_async_with_buf<const OUT_OF_ORDER: bool>(
        self,
        buf: &mut StreamBuilder,
        position: &mut Position,
        escape: bool,
        mark_branches: bool,
        extra_attrs: Vec<AnyAttribute>,
    ) {
        self.0.to_html_async_with_buf::<OUT_OF_ORDER>(
            buf,
            position,
            escape,
            mark_branches,
            extra_attrs,
        )
    }

    fn hydrate<const FROM_SERVER: bool>(
        self,
        cursor: &Cursor,
        position: &PositionState,
    ) -> Self::State {
        self.0.hydrate::<FROM_SERVER>(cursor, position)
    }

    async fn hydrate_async(self, cursor: &Cursor, position: &PositionState) -> Self::State {
        self.0.hydrate_async(cursor, position).await
    }

    fn into_owned(self) -> Self::Owned {
        Settled(self.0.into_owned())
    }
}

impl<V: AddAnyAttr> AddAnyAttr for Settled<V> {
    type Output<SomeNewAttr: Attribute> = Settled<V::Output<SomeNewAttr>>;

    fn add_any_attr<NewAttr: Attribute>(self, attr: NewAttr) -> Self::Output<NewAttr>
    where
        Self::Output<NewAttr>: RenderHtml,
    {
        Settled(self.0.add_any_attr(attr))
    }
}
