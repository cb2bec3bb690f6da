//! Link previews: a chapter's first chart as a PNG (`og/<block>.png`) for
//! its `og:image`, so that a link shared in a chat or a feed shows the
//! chart. Drawn from the chart's SVG by resvg, a pure-Rust renderer, with
//! the font this program ships (Liberation Sans, SIL Open Font License,
//! `assets/fonts/`) and no other: the machine's fonts are never looked at,
//! so that every machine makes the same bytes.
//!
//! Previews are drawn apart from the pages, which only name them: they
//! need the checked book but no template, so that a build draws them
//! while the templates are still being read, and no page waits for one.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use rayon::prelude::*;
use resvg::tiny_skia::{Color, Pixmap, Transform};
use resvg::usvg::{self, fontdb};

use super::{chart, OutputFile, Sink, Strings};
use crate::budget::{Block, Verdicts};
use crate::error::Error;
use crate::parse::{Chapter, ParsedBook, Segment};

/// The size link previews are shown at (Open Graph's large image).
pub const WIDTH: u32 = 1200;
pub const HEIGHT: u32 = 630;
/// Room around the chart, in pixels.
const MARGIN: f32 = 24.0;

/// The folder of the preview images.
pub const FOLDER: &str = "og";

const REGULAR: &[u8] = include_bytes!("../../assets/fonts/LiberationSans-Regular.ttf");
const BOLD: &[u8] = include_bytes!("../../assets/fonts/LiberationSans-Bold.ttf");
const FAMILY: &str = "Liberation Sans";

/// `og/<block>.png`, from the site root.
pub fn path(block: &str) -> PathBuf {
    PathBuf::from(FOLDER).join(format!("{block}.png"))
}

/// A chapter's first chart, which is its link preview: the block's index
/// and the chart as its page shows it.
fn first_chart(
    parsed: &ParsedBook,
    verdicts: &Verdicts,
    chapter: &Chapter,
    strings: &Strings,
) -> Option<(usize, chart::Chart)> {
    let language = parsed.book.config.language;
    let negatives = parsed.book.config.negatives;
    chapter.segments.iter().find_map(|segment| {
        let Segment::Block(b) = segment else {
            return None;
        };
        let Block::Table(table) = &parsed.blocks[*b] else {
            return None;
        };
        let baseline = verdicts.blocks[*b].baseline();
        chart::block_chart(table, baseline, language, negatives, strings).map(|chart| (*b, chart))
    })
}

/// The link preview of each of `chapters` (every chapter with `None`)
/// that has a chart, handed to `sink`; an image of `previous_site` drawn
/// from the same chart is taken again instead of drawn. One chapter at a
/// time per core: a preview takes milliseconds. Returns the time spent,
/// summed over the cores.
pub fn draw(
    parsed: &ParsedBook,
    verdicts: &Verdicts,
    chapters: Option<&[usize]>,
    previous_site: Option<&Path>,
    sink: &Sink,
) -> Result<Duration, Error> {
    let strings = Strings::for_language(parsed.book.config.language);
    let nanos = AtomicU64::new(0);
    let chapters: Vec<&Chapter> = match chapters {
        Some(only) => only.iter().map(|&i| &parsed.chapters[i]).collect(),
        None => parsed.chapters.iter().collect(),
    };
    chapters
        .par_iter()
        .with_max_len(1)
        .try_for_each(|chapter| -> Result<(), Error> {
            let started = std::time::Instant::now();
            let Some((b, chart)) = first_chart(parsed, verdicts, chapter, &strings) else {
                return Ok(());
            };
            let block = parsed.blocks[b].id();
            let source = source(&chart.svg);
            let png = match previous_site.and_then(|site| reuse(site, block, &source)) {
                Some(png) => png,
                None => png(&chart.svg, &source).map_err(|e| Error::Preview {
                    block: block.to_string(),
                    message: e.to_string(),
                })?,
            };
            sink(OutputFile {
                path: path(block),
                contents: png,
            })?;
            nanos.fetch_add(started.elapsed().as_nanos() as u64, Ordering::Relaxed);
            Ok(())
        })?;
    Ok(Duration::from_nanos(nanos.into_inner()))
}

/// The shipped fonts, loaded once. Every family the charts name
/// (`system-ui`, `Arial`, `sans-serif`, …) that is not in it falls back to
/// the generic sans-serif, which is this font.
fn fonts() -> Arc<fontdb::Database> {
    static FONTS: OnceLock<Arc<fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut database = fontdb::Database::new();
            for font in [REGULAR, BOLD] {
                database.load_font_source(fontdb::Source::Binary(Arc::new(font)));
            }
            database.set_sans_serif_family(FAMILY);
            database.set_serif_family(FAMILY);
            database.set_monospace_family(FAMILY);
            database.set_cursive_family(FAMILY);
            database.set_fantasy_family(FAMILY);
            Arc::new(database)
        })
        .clone()
}

#[derive(Debug, thiserror::Error)]
pub enum PreviewError {
    #[error("the chart's SVG cannot be read: {0}")]
    Svg(#[from] usvg::Error),
    #[error("the preview image cannot be made: {0}")]
    Image(String),
}

/// The keyword of the text an image carries to say what it was drawn
/// from (a PNG `tEXt` chunk).
const SOURCE_KEYWORD: &str = "budgetbook-source";

/// How images are drawn and encoded: raised with every change to either,
/// so that a rebuild draws again the images of an earlier way.
const DRAWING: u32 = 3;

/// What an image of `svg` is drawn from, in a few letters: the SVG's
/// FNV-1a hash, and this program's version and [`DRAWING`], which draw it.
pub fn source(svg: &str) -> String {
    let hash = super::fnv::fnv1a(super::fnv::FNV_OFFSET, svg.as_bytes());
    format!("{hash:016x}-{}-{DRAWING}", env!("CARGO_PKG_VERSION"))
}

/// The image of block `block` in the site a build replaces, when it was
/// drawn from the same source: a rebuild of a large book draws again only
/// the charts that changed. The same bytes as drawing it anew.
pub fn reuse(previous_site: &Path, block: &str, source: &str) -> Option<Vec<u8>> {
    let bytes = std::fs::read(previous_site.join(path(block))).ok()?;
    (drawn_from(&bytes)? == source.as_bytes()).then_some(bytes)
}

/// The source a PNG says it was drawn from: its text chunk of
/// [`SOURCE_KEYWORD`], which comes before the pixels (after the header
/// and the palette, which can be 768 bytes).
fn drawn_from(png: &[u8]) -> Option<&[u8]> {
    let mut rest = png.strip_prefix(b"\x89PNG\r\n\x1a\n")?;
    // Chunks: length, type, data, checksum.
    while rest.len() >= 12 {
        let length = usize::try_from(u32::from_be_bytes(rest[..4].try_into().ok()?)).ok()?;
        let (kind, data) = (&rest[4..8], rest.get(8..8 + length)?);
        match kind {
            b"IDAT" => return None,
            b"tEXt" => {
                let text = data.strip_prefix(SOURCE_KEYWORD.as_bytes());
                if let Some(source) = text.and_then(|t| t.strip_prefix(b"\0")) {
                    return Some(source);
                }
            }
            _ => {}
        }
        rest = rest.get(12 + length..)?;
    }
    None
}

/// The chart `svg` as a PNG of [`WIDTH`] × [`HEIGHT`]: scaled to fit,
/// centred on the chart's own background colour (white, as the SVG file
/// is light on its own). It carries `source` (see [`source`]).
pub fn png(svg: &str, source: &str) -> Result<Vec<u8>, PreviewError> {
    let options = usvg::Options {
        font_family: FAMILY.to_string(),
        fontdb: fonts(),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &options)?;
    CANVAS.with_borrow_mut(|canvas| {
        let (pixmap, rgb) = match canvas {
            Some(canvas) => canvas,
            None => {
                let pixmap = Pixmap::new(WIDTH, HEIGHT)
                    .ok_or_else(|| PreviewError::Image("no pixmap".into()))?;
                let rgb = vec![0; pixmap.data().len() / 4 * 3];
                canvas.insert((pixmap, rgb))
            }
        };
        pixmap.fill(Color::WHITE);
        let size = tree.size();
        let scale = ((WIDTH as f32 - 2.0 * MARGIN) / size.width())
            .min((HEIGHT as f32 - 2.0 * MARGIN) / size.height());
        let x = (WIDTH as f32 - size.width() * scale) / 2.0;
        let y = (HEIGHT as f32 - size.height() * scale) / 2.0;
        resvg::render(
            &tree,
            Transform::from_scale(scale, scale).post_translate(x, y),
            &mut pixmap.as_mut(),
        );
        encode(pixmap, rgb, source)
    })
}

thread_local! {
    /// A thread's canvas and the image's rows, kept from one preview to the
    /// next: they are megabytes each, which would otherwise come fresh from
    /// the system (and be cleared by it) for every preview.
    static CANVAS: std::cell::RefCell<Option<(Pixmap, Vec<u8>)>> =
        const { std::cell::RefCell::new(None) };
}

/// The image as a PNG, its rows made in `rows`; lossless. The background
/// is opaque, so its premultiplied pixels are the colours themselves. A
/// chart has some hundred colours, the blends of its edges included: then
/// the PNG is of a palette and a byte a pixel, a third of the data of RGB.
/// Beyond 256 colours it is RGB. Fast deflate takes half the time of the
/// balanced level, for files about twice as large; it finds little to
/// shorten in unfiltered rows, so that an adaptive filter makes the files
/// less than a third the size of unfiltered ones for the same time (a
/// generated chart's 26 kB, against 80 kB unfiltered and 63 kB as RGB).
fn encode(pixmap: &Pixmap, rows: &mut [u8], source: &str) -> Result<Vec<u8>, PreviewError> {
    let pixels = pixmap.data();
    let mut out = Vec::with_capacity(pixels.len() / 16);
    let mut encoder = png::Encoder::new(&mut out, WIDTH, HEIGHT);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    let indices = &mut rows[..pixels.len() / 4];
    let rows = match palette(pixels, indices) {
        Some(palette) => {
            encoder.set_color(png::ColorType::Indexed);
            encoder.set_palette(palette);
            indices
        }
        None => {
            for (out, pixel) in rows.chunks_exact_mut(3).zip(pixels.chunks_exact(4)) {
                out.copy_from_slice(&pixel[..3]);
            }
            encoder.set_color(png::ColorType::Rgb);
            rows
        }
    };
    encoder.set_filter(png::Filter::Adaptive);
    let image = |e: png::EncodingError| PreviewError::Image(e.to_string());
    encoder
        .add_text_chunk(SOURCE_KEYWORD.to_string(), source.to_string())
        .map_err(image)?;
    let mut writer = encoder.write_header().map_err(image)?;
    writer.write_image_data(rows).map_err(image)?;
    writer.finish().map_err(image)?;
    Ok(out)
}

/// The colours of the opaque pixels `rgba` as a palette (RGB triples, in
/// the order they first appear), and each pixel's index into it in
/// `indices`; `None` when there are more than 256.
fn palette(rgba: &[u8], indices: &mut [u8]) -> Option<Vec<u8>> {
    let mut palette = Vec::new();
    let mut index_of: HashMap<u32, u8> = HashMap::new();
    // Most pixels are the colour of the one before (the background, a bar).
    let mut last = None;
    for (pixel, index) in rgba.chunks_exact(4).zip(indices.iter_mut()) {
        let colour = u32::from_le_bytes([pixel[0], pixel[1], pixel[2], pixel[3]]);
        *index = match last {
            Some((previous, i)) if previous == colour => i,
            _ => {
                let i = match index_of.get(&colour) {
                    Some(&i) => i,
                    None => {
                        let i = u8::try_from(index_of.len()).ok()?;
                        index_of.insert(colour, i);
                        palette.extend_from_slice(&pixel[..3]);
                        i
                    }
                };
                last = Some((colour, i));
                i
            }
        };
    }
    Some(palette)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SVG: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 340 200\" \
        font-family=\"system-ui, Arial, sans-serif\" font-size=\"12\">\
        <rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\
        <rect x=\"10\" y=\"40\" width=\"100\" height=\"100\" fill=\"#2a8cc4\"/>\
        <text x=\"10\" y=\"20\" font-weight=\"bold\">Driftbudget (tkr)</text>\
        <text x=\"120\" y=\"90\">Överförmyndarnämnden 5 045</text></svg>";

    #[test]
    fn draws_the_chart_with_the_shipped_font_the_same_every_time() {
        let first = png(SVG, &source(SVG)).unwrap();
        assert_eq!(&first[..8], b"\x89PNG\r\n\x1a\n");
        assert_eq!(first, png(SVG, &source(SVG)).unwrap());
        // Text is drawn: the same chart without it differs.
        let without_text = SVG.replace("Överförmyndarnämnden 5 045", "");
        assert_ne!(first, png(&without_text, &source(&without_text)).unwrap());
    }

    /// The image's pixels as RGB, whether it is of a palette or not.
    fn decode(png: &[u8]) -> Vec<u8> {
        let mut decoder = png::Decoder::new(std::io::Cursor::new(png));
        decoder.set_transformations(png::Transformations::EXPAND);
        let mut reader = decoder.read_info().unwrap();
        let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
        let frame = reader.next_frame(&mut pixels).unwrap();
        assert_eq!(frame.color_type, png::ColorType::Rgb);
        pixels.truncate(frame.buffer_size());
        pixels
    }

    /// A canvas painted in `colours`, one after the other along its rows.
    fn canvas(colours: &[[u8; 3]]) -> Pixmap {
        let mut pixmap = Pixmap::new(WIDTH, HEIGHT).unwrap();
        for (i, pixel) in pixmap.data_mut().chunks_exact_mut(4).enumerate() {
            let [r, g, b] = colours[i * colours.len() / (WIDTH * HEIGHT) as usize];
            pixel.copy_from_slice(&[r, g, b, 255]);
        }
        pixmap
    }

    #[test]
    fn few_colours_make_a_palette_image_and_many_an_rgb_one_both_lossless() {
        let few: Vec<[u8; 3]> = (0..256).map(|i| [i as u8, 7, 255 - i as u8]).collect();
        let many: Vec<[u8; 3]> = (0..257)
            .map(|i| [(i % 256) as u8, (i / 256) as u8, 9])
            .collect();
        for (colours, palette) in [(&few, true), (&many, false)] {
            let pixmap = canvas(colours);
            let mut rows = vec![0; pixmap.data().len() / 4 * 3];
            let png = encode(&pixmap, &mut rows, "test").unwrap();
            // The colour type, in the header: 3 a palette, 2 RGB.
            assert_eq!(png[25], if palette { 3 } else { 2 });
            let expected: Vec<u8> = pixmap
                .data()
                .chunks_exact(4)
                .flat_map(|p| p[..3].to_vec())
                .collect();
            assert!(decode(&png) == expected, "{} colours", colours.len());
        }
    }

    #[test]
    fn a_chart_is_drawn_as_a_palette_image() {
        let drawn = png(SVG, &source(SVG)).unwrap();
        assert_eq!(drawn[25], 3);
        let pixels = decode(&drawn);
        // The bar's colour is in it, and the background's.
        assert!(pixels.chunks(3).any(|p| p == [0x2a, 0x8c, 0xc4]));
        assert!(pixels.chunks(3).any(|p| p == [0xff, 0xff, 0xff]));
    }

    #[test]
    fn an_image_is_taken_again_only_from_the_same_source() {
        let site = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(site.path().join(FOLDER)).unwrap();
        let drawn = png(SVG, &source(SVG)).unwrap();
        std::fs::write(site.path().join(path("drift")), &drawn).unwrap();
        assert_eq!(reuse(site.path(), "drift", &source(SVG)), Some(drawn));
        let changed = SVG.replace("5 045", "5 046");
        assert_ne!(source(&changed), source(SVG));
        assert_eq!(reuse(site.path(), "drift", &source(&changed)), None);
        assert_eq!(reuse(site.path(), "other", &source(SVG)), None);
        // Found after a palette of 256 colours, the largest there is.
        let many: Vec<[u8; 3]> = (0..256).map(|i| [i as u8, 7, 255 - i as u8]).collect();
        let mut rows = vec![0; (WIDTH * HEIGHT * 3) as usize];
        let with_palette = encode(&canvas(&many), &mut rows, &source(SVG)).unwrap();
        assert!(with_palette.windows(4).position(|w| w == b"tEXt").unwrap() > 768);
        std::fs::write(site.path().join(path("drift")), &with_palette).unwrap();
        assert_eq!(
            reuse(site.path(), "drift", &source(SVG)),
            Some(with_palette)
        );
    }
}
