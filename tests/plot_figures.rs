//! Tests of the plot module: every figure renders to SVG holding its text
//! and elements, to a PNG that decodes to the figure's size, and to files.

use plotters::prelude::{IntoDrawingArea, SVGBackend};
use polars::prelude::*;
use taskgroup::analysis::{AffinityMatrix, GroupingComparison};
use taskgroup::plot::{
    AffinityHeatmap, Curve, DeployedNetwork, Figure, GroupingView, PerformanceCurves, PlotError,
    RgbImage, SampleGrid, TitledImage, TrainingCurves,
};
use taskgroup::select::Method;

/// Decodes PNG bytes into (width, height, RGB pixels).
fn decode(bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    let mut reader = png::Decoder::new(std::io::Cursor::new(bytes))
        .read_info()
        .unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!(info.color_type, png::ColorType::Rgb);
    buf.truncate(info.buffer_size());
    (info.width, info.height, buf)
}

fn pixel(img: &(u32, u32, Vec<u8>), x: u32, y: u32) -> [u8; 3] {
    let i = ((y * img.0 + x) * 3) as usize;
    [img.2[i], img.2[i + 1], img.2[i + 2]]
}

/// Whether any pixel in the rows `y0..y1` is dark (text was drawn there).
fn has_dark_pixels(img: &(u32, u32, Vec<u8>), y0: u32, y1: u32) -> bool {
    (y0..y1).any(|y| (0..img.0).any(|x| pixel(img, x, y).iter().all(|&c| c < 100)))
}

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

/// The contents of an SVG's `<text>` elements, trimmed and unescaped.
fn texts(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .map(|t| {
            let body = &t[t.find('>').unwrap() + 1..t.find("</text>").unwrap()];
            body.trim()
                .replace("&apos;", "'")
                .replace("&quot;", "\"")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&")
        })
        .collect()
}

/// Asserts that each of `wanted` is exactly the content of some `<text>`.
fn assert_texts(svg: &str, wanted: &[&str]) {
    let found = texts(svg);
    for w in wanted {
        assert!(
            found.iter().any(|t| t == w),
            "no text {w:?} among {found:?}"
        );
    }
}

/// How many `<text>` elements hold exactly `wanted`.
fn count_text(svg: &str, wanted: &str) -> usize {
    texts(svg).iter().filter(|t| *t == wanted).count()
}

/// A 3-task matrix: a with b +25%, b with a -25%, a with c -25%, c with a +50%, b/c pair missing.
fn matrix() -> AffinityMatrix {
    AffinityMatrix {
        tasks: vec!["a".into(), "b".into(), "c".into()],
        values: vec![
            vec![None, Some(0.25), Some(-0.25)],
            vec![Some(-0.25), None, None],
            vec![Some(0.5), None, None],
        ],
    }
}

#[test]
fn heatmap_renders_values_and_colour_scale() {
    let fig = AffinityHeatmap::new(matrix()).with_title("Affinity (hand-made)");
    let svg = fig.to_svg().unwrap().0;
    assert!(svg.starts_with("<svg"));
    assert_texts(
        &svg,
        &[
            "Affinity (hand-made)",
            "+25.0%",
            "-25.0%",
            "+50.0%",
            "n/a",
            "a",
            "b",
            "c",
            "0%",
            "-50.0%",
        ],
    );
    // Each value once in its cell; the largest also labels the colour bar's top.
    assert_eq!(count_text(&svg, "+25.0%"), 1);
    assert_eq!(count_text(&svg, "+50.0%"), 2);
    assert_eq!(count_text(&svg, "n/a"), 2);
    // Colour scale: the strongest positive cell is the full red end
    // (178, 24, 43 = #B2182B), the strongest negative is half way to blue.
    assert!(svg.contains("#B2182B"), "no full-red cell");
    // The background, 9 cells (fill and outline), 64 colour bar steps and its outline.
    assert_eq!(count(&svg, "<rect"), 1 + 9 * 2 + 64 + 1);

    let (w, h) = fig.size().unwrap();
    let img = decode(&fig.to_png().unwrap().0);
    assert_eq!((img.0, img.1), (w, h));
    // The title's text is drawn with the embedded font.
    assert!(has_dark_pixels(&img, 16, 36));
    // The c-with-a cell (row 3, column 1) is full red.
    assert!(img.2.chunks(3).any(|p| p == [178, 24, 43]));
}

#[test]
fn heatmap_cells_fit_long_task_names() {
    let mut m = matrix();
    m.tasks = vec![
        "segment_semantic".into(),
        "depth_zbuffer".into(),
        "normal".into(),
    ];
    let long = AffinityHeatmap::new(m).size().unwrap();
    let short = AffinityHeatmap::new(matrix()).size().unwrap();
    // Three cells each as wide as "segment_semantic" at least.
    assert!(long.0 >= short.0 + 3 * 60, "{long:?} vs {short:?}");
}

#[test]
fn figures_save_by_extension_and_draw_into_a_given_area() {
    let dir = tempfile::tempdir().unwrap();
    let fig = AffinityHeatmap::new(matrix());
    fig.save(dir.path().join("heat.svg")).unwrap();
    fig.save(dir.path().join("sub/heat.PNG")).unwrap();
    assert!(std::fs::read_to_string(dir.path().join("heat.svg"))
        .unwrap()
        .contains("+50.0%"));
    let (w, h, _) = decode(&std::fs::read(dir.path().join("sub/heat.PNG")).unwrap());
    assert_eq!((w, h), fig.size().unwrap());
    assert!(matches!(
        fig.save(dir.path().join("heat.jpg")),
        Err(PlotError::UnsupportedExtension { .. })
    ));
    assert!(!dir.path().join("heat.jpg").exists());

    // A figure is one panel of a larger drawing.
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (1400, 500)).into_drawing_area();
        let (left, right) = root.split_horizontally(700);
        fig.draw(&left).unwrap();
        AffinityHeatmap::new(matrix())
            .with_title("second")
            .draw(&right)
            .unwrap();
        root.present().unwrap();
    }
    // Each figure writes +50.0% twice (its cell and its colour bar).
    assert_eq!(count_text(&out, "+50.0%"), 4);
    assert_texts(&out, &["second"]);
}

/// Setting 1 of the paper's expected curves (`fixtures/paper/expected.json`
/// of the shared reference material) at budgets 1, 1.5, ..., 5; `None` where
/// the paper reports no value.
fn paper_curves() -> Vec<Curve> {
    let budgets = [1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5.0];
    let series: [(&str, [Option<f64>; 9]); 4] = [
        (
            "optimal",
            [
                0.50278, 0.46132, 0.45224, 0.44612, 0.44235, 0.43932, 0.43555, 0.43555, 0.43481,
            ]
            .map(Some),
        ),
        (
            "esa",
            [
                0.50278, 0.48732, 0.46727, 0.46063, 0.45722, 0.45058, 0.45058, 0.44742, 0.44742,
            ]
            .map(Some),
        ),
        (
            "independent",
            [
                Some(0.51456),
                Some(0.50139),
                Some(0.47704),
                Some(0.46515),
                None,
                None,
                Some(0.45456),
                None,
                Some(0.44774),
            ],
        ),
        (
            "all_in_one",
            [
                Some(0.50278),
                None,
                Some(0.4916),
                Some(0.48873),
                None,
                None,
                Some(0.4883),
                None,
                None,
            ],
        ),
    ];
    series
        .iter()
        .map(|(method, values)| {
            Curve::new(
                method.parse().expect("a method name"),
                budgets
                    .iter()
                    .zip(values)
                    .filter_map(|(&b, v)| v.map(|v| (b, v)))
                    .collect(),
            )
        })
        .collect()
}

#[test]
fn performance_curves_have_legend_markers_and_axes() {
    let fig = PerformanceCurves::new(paper_curves()).with_title("Setting 1");
    let svg = fig.to_svg().unwrap().0;
    assert_texts(
        &svg,
        &[
            "Setting 1",
            "Optimal",
            "ESA",
            "Independent",
            "All-in-one",
            "Inference budget (full-size networks)",
            "Total test loss",
            "0.500",
        ],
    );
    // One line per series plus one per legend entry.
    assert!(
        count(&svg, "<polyline") >= 8,
        "{}",
        count(&svg, "<polyline")
    );
    // Markers: optimal's 9 circles (and its legend's) at least.
    assert!(count(&svg, "<circle") >= 10);
    let img = decode(&fig.to_png().unwrap().0);
    assert_eq!((img.0, img.1), (800, 520));
    // Optimal's colour (214, 39, 40) is drawn.
    assert!(img.2.chunks(3).any(|p| p == [214, 39, 40]));

    // From a selection comparison, method order is kept.
    let df = df!(
        "method" => ["optimal", "optimal", "hoa", "hoa"],
        "budget" => [1.0, 2.0, 1.0, 2.0],
        "networks" => ["s+d", "s | d", "s+d", "s | d"],
        "search_total" => [0.5, 0.4, 0.5, 0.45],
        "test_total" => [0.52, 0.41, 0.52, 0.47],
    )
    .unwrap();
    let fig = PerformanceCurves::from_comparison(&GroupingComparison::from_frame(&df).unwrap());
    assert_eq!(fig.curves[1].points, [(1.0, 0.52), (2.0, 0.47)]);
    assert_texts(&fig.to_svg().unwrap().0, &["Optimal", "HOA"]);

    // A curve without points is left out, legend included.
    let mut with_empty = paper_curves();
    with_empty.push(Curve::new(Method::Worst, vec![]));
    let svg = PerformanceCurves::new(with_empty).to_svg().unwrap().0;
    assert_eq!(count_text(&svg, "Worst"), 0);
    assert_eq!(count_text(&svg, "Optimal"), 1);

    let empty = PerformanceCurves::new(vec![Curve::new(Method::Optimal, vec![])]);
    assert!(matches!(empty.to_svg(), Err(PlotError::Invalid { .. })));
}

fn net(tasks: &[&str], serves: &[&str], cost: f64) -> DeployedNetwork {
    DeployedNetwork {
        tasks: tasks.iter().map(|s| s.to_string()).collect(),
        serves: serves.iter().map(|s| s.to_string()).collect(),
        cost,
    }
}

#[test]
fn grouping_diagram_marks_auxiliary_tasks_and_costs() {
    let columns: Vec<String> = ["s", "d", "n", "k", "t"].map(String::from).to_vec();
    let view = GroupingView::new(
        columns.clone(),
        vec![
            (
                1.0,
                vec![net(
                    &["s", "d", "n", "k", "t"],
                    &["s", "d", "n", "k", "t"],
                    1.0,
                )],
            ),
            (
                1.5,
                vec![
                    net(&["s", "d", "n", "k", "t"], &["s", "d", "n", "k"], 1.0),
                    net(&["t"], &["t"], 0.5),
                ],
            ),
            (
                2.0,
                vec![
                    net(&["s", "n"], &["s", "n"], 1.0),
                    net(&["d", "k", "t", "n"], &["d", "k", "t"], 1.0),
                ],
            ),
            (
                2.5,
                vec![
                    net(&["s", "n"], &["s"], 1.0),
                    net(&["d", "k", "t"], &["d", "k"], 1.0),
                    net(&["n", "t"], &["n", "t"], 0.5),
                ],
            ),
        ],
    );
    let svg = view.to_svg().unwrap().0;
    assert_texts(
        &svg,
        &[
            "budget 1.5 (uses 1.5): 2 networks",
            "budget 2.5 (uses 2.5): 3 networks",
            "s+d+n+k+t",
            "n+t",
            "cost 0.5",
            "cost 1",
            "serves the task",
        ],
    );
    // Auxiliary cells: t at 1.5, n at 2, n and t at 2.5, plus the legend's.
    assert_eq!(count_text(&svg, "aux"), 1 + 1 + 1 + 2);
    // Network names follow the column order whatever the tasks' order.
    assert_texts(&svg, &["d+n+k+t"]);
    let (w, h) = view.size().unwrap();
    let img = decode(&view.to_png().unwrap().0);
    assert_eq!((img.0, img.1), (w, h));
    // Four panels, three per row: two rows of panels, so taller than one.
    let one_row = GroupingView::new(columns.clone(), view.budgets[..3].to_vec());
    assert!(h > one_row.size().unwrap().1);

    let bad = GroupingView::new(columns.clone(), vec![(1.0, vec![net(&["s"], &["d"], 1.0)])]);
    assert!(matches!(bad.to_svg(), Err(PlotError::Invalid { .. })));
    let unknown = GroupingView::new(columns, vec![(1.0, vec![net(&["x"], &["x"], 1.0)])]);
    assert!(unknown
        .to_svg()
        .unwrap_err()
        .to_string()
        .contains("`x` is not a column"));
}

fn history() -> DataFrame {
    let mut network = Vec::new();
    let mut cost = Vec::new();
    let mut epoch = Vec::new();
    let mut split = Vec::new();
    let mut task = Vec::new();
    let mut loss = Vec::new();
    for (net, c, tasks) in [
        ("s+d", 1.0, vec!["s", "d"]),
        ("s", 1.0, vec!["s"]),
        ("s", 0.5, vec!["s"]),
    ] {
        for e in 0..4i64 {
            for sp in ["train", "val"] {
                for t in &tasks {
                    network.push(net);
                    cost.push(c);
                    epoch.push(e);
                    split.push(sp);
                    task.push(*t);
                    loss.push(1.0 / (e as f64 + 1.0) + if sp == "val" { 0.1 } else { 0.0 });
                }
            }
        }
    }
    df!("network" => network, "cost" => cost, "epoch" => epoch, "split" => split, "task" => task, "loss" => loss).unwrap()
}

#[test]
fn training_curves_from_a_history_frame() {
    let fig = TrainingCurves::from_frame(&history()).unwrap();
    assert_eq!(fig.panels.len(), 3);
    assert_eq!(fig.tasks, ["s", "d"]);
    assert_eq!(fig.splits, ["train", "val"]);
    assert_eq!(fig.panels[0].lines.len(), 4);
    assert_eq!(
        fig.panels[0].lines[0].points,
        [(0, 1.0), (1, 0.5), (2, 1.0 / 3.0), (3, 0.25)]
    );
    let svg = fig.to_svg().unwrap().0;
    assert_texts(
        &svg,
        &[
            "Training curves",
            "s+d",
            "s",
            "s (cost 0.5)",
            "epoch",
            "train",
            "val",
            "d",
        ],
    );
    let img = decode(&fig.to_png().unwrap().0);
    assert_eq!((img.0, img.1), fig.size().unwrap());
    assert_eq!(img.0, 3 * 420);

    // A selection of networks, in the order asked; every size of "s".
    let some = TrainingCurves::from_frame(&history())
        .unwrap()
        .with_networks(&["s", "s+d"]);
    let names: Vec<(&str, Option<f64>)> = some
        .panels
        .iter()
        .map(|p| (p.network.as_str(), p.cost))
        .collect();
    assert_eq!(
        names,
        [("s", Some(1.0)), ("s", Some(0.5)), ("s+d", Some(1.0))]
    );
    let none = TrainingCurves::from_frame(&history())
        .unwrap()
        .with_networks(&["k"]);
    assert!(matches!(none.to_png(), Err(PlotError::Invalid { .. })));

    let mut twice = history();
    twice.vstack_mut(&history()).unwrap();
    assert!(TrainingCurves::from_frame(&twice)
        .unwrap_err()
        .to_string()
        .contains("two `train` losses"));
    let no_epoch = history().drop("epoch").unwrap();
    assert!(matches!(
        TrainingCurves::from_frame(&no_epoch),
        Err(PlotError::Analysis(_))
    ));
}

#[test]
fn sample_grid_embeds_images_and_blits_pixels() {
    let red = RgbImage::new(8, 8, [200u8, 10, 10].repeat(64)).unwrap();
    let classes = RgbImage::from_classes(4, 2, &[0, 1, 2, 3, -1, 0, 1, 2]).unwrap();
    assert_eq!(&classes.pixels[..3], &[31, 119, 180]);
    assert_eq!(&classes.pixels[12..15], &[0, 0, 0]);
    // Planar grey: 0.5 in [0, 1] maps to 128.
    let grey = RgbImage::from_planar(2, 2, 1, &[0.0, 0.5, 1.0, 2.0], 0.0, 1.0).unwrap();
    assert_eq!(
        grey.pixels,
        [0, 0, 0, 128, 128, 128, 255, 255, 255, 255, 255, 255]
    );
    let rgb = RgbImage::from_planar(1, 2, 3, &[1.0, 0.0, 0.0, 1.0, 0.0, 0.0], 0.0, 1.0).unwrap();
    assert_eq!(rgb.pixels, [255, 0, 0, 0, 255, 0]);

    let grid = SampleGrid::new(vec![
        vec![
            TitledImage::new("input", red.clone()),
            TitledImage::new("labels", classes.clone()),
        ],
        vec![TitledImage::new("prediction", grey)],
    ])
    .with_cell(64);
    let svg = grid.to_svg().unwrap().0;
    assert_eq!(count(&svg, "<image"), 3);
    assert!(svg.contains("data:image/png;base64,"));
    assert_texts(&svg, &["input", "labels", "prediction", "Samples"]);
    assert!(svg.trim_end().ends_with("</svg>"));

    let img = decode(&grid.to_png().unwrap().0);
    assert_eq!((img.0, img.1), grid.size().unwrap());
    // The red image fills the first cell: 64x64 pixels of (200, 10, 10).
    assert_eq!(
        img.2.chunks(3).filter(|p| *p == [200, 10, 10]).count(),
        64 * 64
    );

    assert!(RgbImage::new(2, 2, vec![0; 11]).is_err());
    assert!(RgbImage::from_planar(1, 1, 1, &[f32::NAN], 0.0, 1.0).is_err());
    assert!(SampleGrid::new(vec![]).to_png().is_err());
}

#[test]
fn error_bars_widen_the_axis_but_one_wild_interval_is_cut() {
    let calm = Curve {
        bars: vec![(1.0, 0.9, 1.1), (2.0, 0.7, 0.9)],
        ..Curve::new(Method::Optimal, vec![(1.0, 1.0), (2.0, 0.8)])
    };
    let wild = Curve {
        bars: vec![(2.0, -50.0, 60.0)],
        ..Curve::new(Method::Hoa, vec![(1.0, 1.0), (2.0, 1.2)])
    };
    let svg = PerformanceCurves::new(vec![calm.clone()])
        .to_svg()
        .unwrap()
        .0;
    // The calm bars fit: the axis reaches 0.7 below the lowest mean, 0.8.
    assert!(svg.contains("0.700") || svg.contains("0.750"), "{svg}");
    let both = PerformanceCurves::new(vec![calm, wild]).to_svg().unwrap().0;
    // The wild one is cut at the means' span (0.8 to 1.2) again either side.
    for far in ["10.000", "20.000", "-10.000", "-20.000"] {
        assert!(!both.contains(far), "an axis label at {far}");
    }
    assert!(both.contains("1.500") || both.contains("1.600"), "{both}");
}
