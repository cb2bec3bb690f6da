//! Link previews: a chapter with a chart shows its first chart as its
//! `og:image`, a PNG drawn with the shipped font, the same bytes on every
//! build; other pages keep the book's own image.

use crate::common;

use std::fs;
use std::path::Path;

use budgetbook::BuildOptions;

fn build(book: &Path, destination: &Path) {
    let options = BuildOptions {
        destination: Some(destination.to_path_buf()),
        ..BuildOptions::default()
    };
    budgetbook::build(book, &options).unwrap();
}

/// The `content` of `<meta property="…">` on a page.
fn meta<'a>(html: &'a str, property: &str) -> Option<&'a str> {
    let tag = format!("<meta property=\"{property}\" content=\"");
    let start = html.find(&tag)? + tag.len();
    Some(&html[start..start + html[start..].find('"')?])
}

#[test]
fn a_chapter_with_a_chart_previews_its_first_chart() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    build(&common::default_book(), &site);

    // Chapter 9 has five charts: the first is the preview.
    let page = fs::read_to_string(site.join("09-finansiella-rapporter.html")).unwrap();
    assert_eq!(meta(&page, "og:image"), Some("og/resultatbudget.png"));
    assert_eq!(meta(&page, "og:image:type"), Some("image/png"));
    assert_eq!(meta(&page, "og:image:width"), Some("1200"));
    assert_eq!(meta(&page, "og:image:height"), Some("630"));
    let alt = meta(&page, "og:image:alt").unwrap();
    assert!(alt.starts_with("Resultatbudget (mnkr). "), "{alt}");
    assert!(page.contains("<meta name=\"twitter:card\" content=\"summary_large_image\">"));
    let budget = fs::read_to_string(site.join("03-budgetramar.html")).unwrap();
    assert_eq!(meta(&budget, "og:image"), Some("og/forslag-poster.png"));
    // A chapter without a chart keeps the book's image.
    let first = fs::read_to_string(site.join("01-valfarden-framst.html")).unwrap();
    assert_eq!(meta(&first, "og:image"), Some("delning.png"));
    assert_eq!(meta(&first, "og:image:alt"), None);

    // One image per chapter with charts, and each is a PNG of that size.
    let mut images: Vec<String> = fs::read_dir(site.join("og"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    images.sort();
    assert_eq!(images, ["forslag-poster.png", "resultatbudget.png"]);
    for image in &images {
        let bytes = fs::read(site.join("og").join(image)).unwrap();
        let mut decoder = png::Decoder::new(std::io::Cursor::new(&bytes));
        // A palette image is read as the colours its indices stand for.
        decoder.set_transformations(png::Transformations::EXPAND);
        let mut reader = decoder.read_info().unwrap();
        let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
        let frame = reader.next_frame(&mut pixels).unwrap();
        assert_eq!((frame.width, frame.height), (1200, 630), "{image}");
        assert_eq!(frame.color_type, png::ColorType::Rgb, "{image}");
        // Not blank: the chart is drawn on the white background.
        let pixels = &pixels[..frame.buffer_size()];
        let dark = pixels
            .chunks(3)
            .filter(|p| p[0] < 100 && p[1] < 100)
            .count();
        assert!(dark > 1000, "{image}: {dark} dark pixels");
    }

    // The same bytes on a second build.
    let again = out.path().join("again");
    build(&common::default_book(), &again);
    for image in &images {
        assert_eq!(
            fs::read(site.join("og").join(image)).unwrap(),
            fs::read(again.join("og").join(image)).unwrap(),
            "{image}"
        );
    }
}

#[test]
fn with_a_base_url_the_preview_is_absolute() {
    let book = common::fixture_with_base_url("valid/treemap", "https://budget.example.org/2026/");
    let out = tempfile::tempdir().unwrap();
    build(book.path(), out.path());
    let page = fs::read_to_string(out.path().join("drift.html")).unwrap();
    assert_eq!(
        meta(&page, "og:image"),
        Some("https://budget.example.org/2026/og/driftbudget.png")
    );
}

#[test]
fn serve_shows_the_site_without_drawing_previews() {
    let options = BuildOptions {
        without_previews: true,
        ..BuildOptions::default()
    };
    let (files, _) = budgetbook::site::build_in_memory(&common::default_book(), &options).unwrap();
    assert!(files.iter().all(|f| !f.path.starts_with("og")));
    let page = files
        .iter()
        .find(|f| f.path == Path::new("09-finansiella-rapporter.html"))
        .unwrap();
    let page = String::from_utf8(page.contents.clone()).unwrap();
    // The book's own image stands in for the chart.
    assert_eq!(meta(&page, "og:image"), Some("delning.png"));
}

#[test]
fn build_no_previews_leaves_them_out_as_serve_does() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_budgetbook"))
        .args(["build", "-q", "--no-previews", "--dest"])
        .arg(&site)
        .arg(common::default_book())
        .status()
        .unwrap();
    assert!(status.success());
    assert!(!site.join("og").exists());
    let page = fs::read_to_string(site.join("09-finansiella-rapporter.html")).unwrap();
    assert_eq!(meta(&page, "og:image"), Some("delning.png"));
    assert!(
        page.contains("<svg"),
        "the chart itself is still on the page"
    );
}

#[test]
fn a_rebuild_takes_the_previews_of_unchanged_charts_and_draws_the_changed_ones() {
    let out = tempfile::tempdir().unwrap();
    let book = out.path().join("book");
    common::copy_default_book(&book);
    let site = out.path().join("site");
    build(&book, &site);
    let first = fs::read(site.join("og/resultatbudget.png")).unwrap();
    let other = fs::read(site.join("og/forslag-poster.png")).unwrap();

    // A preview that is not what its chart draws is drawn again; one that
    // says it is, is taken as it is (marked here after its end, where a
    // new drawing would have nothing).
    fs::write(site.join("og/forslag-poster.png"), b"not this").unwrap();
    let marked = [first.as_slice(), b"taken"].concat();
    fs::write(site.join("og/resultatbudget.png"), &marked).unwrap();
    build(&book, &site);
    assert_eq!(fs::read(site.join("og/forslag-poster.png")).unwrap(), other);
    assert_eq!(
        fs::read(site.join("og/resultatbudget.png")).unwrap(),
        marked
    );
    fs::write(site.join("og/resultatbudget.png"), &first).unwrap();

    // A changed figure changes its chart, and so its preview.
    let chapter = book.join("content/09-finansiella-rapporter.md");
    let text = fs::read_to_string(&chapter).unwrap();
    assert!(text.contains("title: Resultatbudget"));
    fs::write(
        &chapter,
        text.replace("title: Resultatbudget", "title: Resultatbudgeten"),
    )
    .unwrap();
    build(&book, &site);
    assert_ne!(fs::read(site.join("og/resultatbudget.png")).unwrap(), first);
    assert_eq!(fs::read(site.join("og/forslag-poster.png")).unwrap(), other);
}

/// The pages name their previews and the previews are drawn apart from
/// them: in every valid fixture book, the images named are the images
/// drawn, one per chapter with a chart.
#[test]
fn every_preview_a_page_names_is_drawn_and_no_other() {
    for entry in fs::read_dir(common::fixture("valid")).unwrap() {
        let book = entry.unwrap().path();
        let out = tempfile::tempdir().unwrap();
        build(&book, out.path());
        let mut named: Vec<String> = common::read_tree(out.path())
            .into_iter()
            .filter(|(path, _)| path.extension().is_some_and(|e| e == "html"))
            .filter(|(path, _)| !path.starts_with("embed"))
            .filter_map(|(_, html)| {
                let html = String::from_utf8(html).unwrap();
                // Relative, or absolute under the book's base-url.
                let image = meta(&html, "og:image")?;
                let at = image.rfind("og/")?;
                Some(image[at..].to_string())
            })
            .collect();
        named.sort();
        let mut drawn: Vec<String> = fs::read_dir(out.path().join("og"))
            .map(|entries| {
                entries
                    .map(|e| format!("og/{}", e.unwrap().file_name().to_string_lossy()))
                    .collect()
            })
            .unwrap_or_default();
        drawn.sort();
        assert_eq!(named, drawn, "{}", book.display());
    }
}
