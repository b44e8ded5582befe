//! Point markers for series: a small plotters element drawn straight on the
//! backend, so it works on any backend without the `point_series` feature
//! and composes into legends.

use plotters::element::{Drawable, PointCollection};
use plotters::prelude::DrawingBackend;
use plotters::style::ShapeStyle;
use plotters_backend::{BackendCoord, DrawingErrorKind};

/// A marker shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Marker {
    /// A filled circle.
    Circle,
    /// A filled triangle.
    Triangle,
    /// A filled square.
    Square,
    /// A diagonal cross.
    Cross,
    /// A hollow circle.
    Ring,
    /// A hollow square.
    Box,
}

impl Marker {
    /// Every shape, in the order series receive them.
    pub const ALL: [Marker; 6] = [
        Marker::Circle,
        Marker::Triangle,
        Marker::Square,
        Marker::Cross,
        Marker::Ring,
        Marker::Box,
    ];

    /// The `i`-th shape (cycling).
    pub fn nth(i: usize) -> Marker {
        Marker::ALL[i % Marker::ALL.len()]
    }

    /// The marker at `at`, `size` pixels in radius, in `style`'s colour.
    pub(crate) fn at<C>(self, at: C, size: i32, style: ShapeStyle) -> MarkerElement<C> {
        MarkerElement {
            at,
            shape: self,
            size,
            style,
        }
    }
}

/// A marker placed at a point.
pub(crate) struct MarkerElement<C> {
    at: C,
    shape: Marker,
    size: i32,
    style: ShapeStyle,
}

impl<'a, C> PointCollection<'a, C> for &'a MarkerElement<C> {
    type Point = &'a C;
    type IntoIter = std::iter::Once<&'a C>;
    fn point_iter(self) -> Self::IntoIter {
        std::iter::once(&self.at)
    }
}

impl<C, DB: DrawingBackend> Drawable<DB> for MarkerElement<C> {
    fn draw<I: Iterator<Item = BackendCoord>>(
        &self,
        mut points: I,
        backend: &mut DB,
        _: (u32, u32),
    ) -> Result<(), DrawingErrorKind<DB::ErrorType>> {
        let Some((x, y)) = points.next() else {
            return Ok(());
        };
        let s = self.size;
        let filled = self.style.filled();
        let hollow = self.style.stroke_width(2);
        match self.shape {
            Marker::Circle => backend.draw_circle((x, y), s as u32, &filled, true),
            Marker::Ring => backend.draw_circle((x, y), s as u32, &hollow, false),
            Marker::Square => backend.draw_rect((x - s, y - s), (x + s, y + s), &filled, true),
            Marker::Box => backend.draw_rect((x - s, y - s), (x + s, y + s), &hollow, false),
            Marker::Triangle => {
                let r = s + 1;
                backend.fill_polygon(
                    vec![(x, y - r), (x - r, y + r * 2 / 3), (x + r, y + r * 2 / 3)],
                    &filled,
                )
            }
            Marker::Cross => {
                backend.draw_line((x - s, y - s), (x + s, y + s), &hollow)?;
                backend.draw_line((x - s, y + s), (x + s, y - s), &hollow)
            }
        }
    }
}
