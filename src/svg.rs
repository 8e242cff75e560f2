//! Pictures drawn at build time as SVG, with no JavaScript: a small line
//! chart for a figure recorded at several dates, and the actor network.
//! Colours come from CSS classes, so the theme and dark mode apply and the
//! Content-Security-Policy (no inline styles) holds.

use std::fmt::Write;

use crate::text::escape_html;

/// A point of a chart, with the labels to print for it.
pub struct Point {
    pub x: f64,
    pub y: f64,
    pub x_label: String,
    pub y_label: String,
}

/// A line chart of a figure over time, with every point labelled.
pub fn line_chart(title: &str, points: &[Point]) -> String {
    let (w, h) = (560.0, 220.0);
    let (left, right, top, bottom) = (24.0, 24.0, 28.0, 44.0);
    let min_x = points.iter().map(|p| p.x).fold(f64::INFINITY, f64::min);
    let max_x = points.iter().map(|p| p.x).fold(f64::NEG_INFINITY, f64::max);
    let max_y = points.iter().map(|p| p.y).fold(0.0, f64::max).max(1.0);
    let span_x = (max_x - min_x).max(1e-9);
    let px = |x: f64| left + (x - min_x) / span_x * (w - left - right);
    let py = |y: f64| top + (1.0 - y / max_y) * (h - top - bottom);
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg class=\"chart\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"{}\"><title>{}</title>",
        escape_html(title),
        escape_html(title)
    );
    let _ = write!(
        s,
        "<line class=\"chart-axis\" x1=\"{left}\" y1=\"{y0}\" x2=\"{x1}\" y2=\"{y0}\"/>",
        y0 = h - bottom,
        x1 = w - right
    );
    let path: Vec<String> = points
        .iter()
        .map(|p| format!("{:.1},{:.1}", px(p.x), py(p.y)))
        .collect();
    let _ = write!(
        s,
        "<polyline class=\"chart-line\" points=\"{}\"/>",
        path.join(" ")
    );
    for (n, p) in points.iter().enumerate() {
        let (x, y) = (px(p.x), py(p.y));
        let anchor = if n == 0 {
            "start"
        } else if n + 1 == points.len() {
            "end"
        } else {
            "middle"
        };
        let _ = write!(
            s,
            "<circle class=\"chart-dot\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"4\"/><text class=\"chart-value\" x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\">{}</text><text class=\"chart-date\" x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\">{}</text>",
            y - 10.0,
            escape_html(&p.y_label),
            h - bottom + 20.0,
            escape_html(&p.x_label)
        );
    }
    s.push_str("</svg>");
    s
}

/// An actor in the network.
pub struct Node {
    pub label: String,
    /// Relative to the site root.
    pub url: String,
    /// The actor's kind, used as a CSS class.
    pub group: String,
}

/// Positions for the nodes: a force-directed layout (Fruchterman–Reingold)
/// followed by a pass that pushes overlapping labels apart, so that names
/// stay legible. Deterministic: the start is a circle in node order and the
/// number of iterations is fixed.
fn layout(nodes: &[Node], edges: &[(usize, usize, usize)], pull: &[f64]) -> Vec<(f64, f64)> {
    let n = nodes.len();
    let k = (900.0 * 700.0 / n.max(1) as f64).sqrt() * 0.9;
    let mut pos: Vec<(f64, f64)> = (0..n)
        .map(|i| {
            let a = i as f64 / n.max(1) as f64 * std::f64::consts::TAU;
            (a.cos() * 350.0, a.sin() * 280.0)
        })
        .collect();
    let steps = 400;
    for step in 0..steps {
        let temperature = 60.0 * (1.0 - step as f64 / steps as f64) + 0.5;
        let mut force = vec![(0.0f64, 0.0f64); n];
        for i in 0..n {
            for j in (i + 1)..n {
                let (dx, dy) = (pos[i].0 - pos[j].0, pos[i].1 - pos[j].1);
                let d = (dx * dx + dy * dy).sqrt().max(0.5);
                let f = k * k / d;
                force[i].0 += dx / d * f;
                force[i].1 += dy / d * f;
                force[j].0 -= dx / d * f;
                force[j].1 -= dy / d * f;
            }
        }
        for (e, &(a, b, _)) in edges.iter().enumerate() {
            let (dx, dy) = (pos[a].0 - pos[b].0, pos[a].1 - pos[b].1);
            let d = (dx * dx + dy * dy).sqrt().max(0.5);
            let f = d * d / k * pull[e];
            force[a].0 -= dx / d * f;
            force[a].1 -= dy / d * f;
            force[b].0 += dx / d * f;
            force[b].1 += dy / d * f;
        }
        for i in 0..n {
            // Gravity keeps unconnected actors near the others.
            let (x, y) = pos[i];
            let r = (x * x + y * y).sqrt().max(0.5);
            force[i].0 -= x / r * r * r / (k * 6.0);
            force[i].1 -= y / r * r * r / (k * 6.0) * 1.3;
            let len = (force[i].0.powi(2) + force[i].1.powi(2)).sqrt().max(1e-9);
            let m = len.min(temperature);
            pos[i].0 += force[i].0 / len * m;
            pos[i].1 += force[i].1 / len * m;
        }
    }
    // Labels are about 7.5 units a character wide and 16 high, under the dot.
    let half_width: Vec<f64> = nodes
        .iter()
        .map(|node| (node.label.chars().count() as f64 * 7.5).max(20.0) / 2.0 + 6.0)
        .collect();
    let half_height = 17.0;
    for _ in 0..400 {
        let mut moved = false;
        for i in 0..n {
            for j in (i + 1)..n {
                let dx = pos[j].0 - pos[i].0;
                let dy = pos[j].1 - pos[i].1;
                let overlap_x = half_width[i] + half_width[j] - dx.abs();
                let overlap_y = 2.0 * half_height - dy.abs();
                if overlap_x > 0.0 && overlap_y > 0.0 {
                    moved = true;
                    if overlap_y < overlap_x {
                        let push = overlap_y / 2.0 + 0.5;
                        let dir = if dy >= 0.0 { 1.0 } else { -1.0 };
                        pos[i].1 -= dir * push;
                        pos[j].1 += dir * push;
                    } else {
                        let push = overlap_x / 2.0 + 0.5;
                        let dir = if dx >= 0.0 { 1.0 } else { -1.0 };
                        pos[i].0 -= dir * push;
                        pos[j].0 += dir * push;
                    }
                }
            }
        }
        if !moved {
            break;
        }
    }
    pos
}

/// The actor network: each actor a labelled, linked node; lines join actors
/// that share events or briefs, thicker for more. `edges` holds
/// `(a, b, shared events, shared briefs)`; shared events pull harder.
pub fn network(nodes: &[Node], edges: &[(usize, usize, usize, usize)]) -> String {
    if nodes.is_empty() {
        return String::new();
    }
    let pull: Vec<f64> = edges
        .iter()
        .map(|&(_, _, ev, br)| (1.0 + ev as f64).ln() + 0.15 * (1.0 + br as f64).ln())
        .collect();
    let simple: Vec<(usize, usize, usize)> = edges
        .iter()
        .map(|&(a, b, ev, br)| (a, b, ev + br))
        .collect();
    let pos = layout(nodes, &simple, &pull);
    let half_width: Vec<f64> = nodes
        .iter()
        .map(|node| node.label.chars().count() as f64 * 3.9 + 8.0)
        .collect();
    let min_x = pos
        .iter()
        .zip(&half_width)
        .map(|(p, w)| p.0 - w)
        .fold(f64::MAX, f64::min);
    let max_x = pos
        .iter()
        .zip(&half_width)
        .map(|(p, w)| p.0 + w)
        .fold(f64::MIN, f64::max);
    let min_y = pos.iter().map(|p| p.1 - 14.0).fold(f64::MAX, f64::min);
    let max_y = pos.iter().map(|p| p.1 + 30.0).fold(f64::MIN, f64::max);
    let (w, h) = ((max_x - min_x + 20.0).ceil(), (max_y - min_y + 20.0).ceil());
    let sx = |x: f64| x - min_x + 10.0;
    let sy = |y: f64| y - min_y + 10.0;
    let mut s = String::new();
    // A group, not an img: the drawing holds links, and an img's children
    // are hidden from assistive technology (axe-core: nested-interactive).
    let _ = write!(
        s,
        "<svg class=\"network\" viewBox=\"0 0 {w} {h}\" role=\"group\" aria-labelledby=\"network-title\"><title id=\"network-title\">Actors joined by the events and briefs they share</title><g class=\"network-edges\">"
    );
    for &(a, b, weight) in &simple {
        let _ = write!(
            s,
            "<line class=\"edge w{}\" x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\"/>",
            weight.min(5),
            sx(pos[a].0),
            sy(pos[a].1),
            sx(pos[b].0),
            sy(pos[b].1)
        );
    }
    s.push_str("</g><g class=\"network-nodes\">");
    for (i, (node, &(x, y))) in nodes.iter().zip(&pos).enumerate() {
        let degree = simple.iter().filter(|e| e.0 == i || e.1 == i).count();
        let r = 4.0 + (degree as f64).sqrt() * 1.2;
        let group = crate::text::slugify(&node.group);
        let _ = write!(
            s,
            "<a href=\"{url}\" class=\"node node-{group}\"><circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{r:.1}\"/><text x=\"{x:.1}\" y=\"{ty:.1}\" text-anchor=\"middle\">{label}</text></a>",
            url = escape_html(&node.url),
            x = sx(x),
            y = sy(y),
            ty = sy(y) + r + 12.0,
            label = escape_html(&node.label),
        );
    }
    s.push_str("</g></svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn network_is_deterministic_and_linked() {
        let nodes: Vec<Node> = (0..5)
            .map(|i| Node {
                label: format!("A{i}"),
                url: format!("actors/a{i}.html"),
                group: "person".into(),
            })
            .collect();
        let edges = [(0, 1, 2, 0), (1, 2, 1, 1), (3, 4, 0, 1)];
        let a = network(&nodes, &edges);
        assert_eq!(a, network(&nodes, &edges));
        assert_eq!(a.matches("<a href=\"actors/").count(), 5);
        assert_eq!(a.matches("<line class=\"edge").count(), 3);
        assert!(!a.contains("NaN"));
    }

    #[test]
    fn chart_labels_every_point() {
        let points = vec![
            Point {
                x: 2025.1,
                y: 29.0,
                x_label: "Feb 2025".into(),
                y_label: "29".into(),
            },
            Point {
                x: 2026.0,
                y: 92.0,
                x_label: "Jan 2026".into(),
                y_label: "92".into(),
            },
        ];
        let svg = line_chart("Transfers", &points);
        assert!(svg.contains(">29</text>") && svg.contains(">92</text>"));
        assert!(!svg.contains("style="));
    }
}
