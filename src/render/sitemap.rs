//! `sitemap.xml` and `robots.txt`, for sites that know their address
//! (`[site] base-url`).

use std::path::PathBuf;

use super::context::url_path;
use super::{escape_html, OutputFile};
use crate::parse::Chapter;

/// The pages search engines should find: the front page, the published
/// chapters (no drafts), and the whole document.
pub fn files(base_url: &str, chapters: &[Chapter], extra_pages: &[&str]) -> Vec<OutputFile> {
    let mut urls = vec![base_url.to_string()];
    urls.extend(
        chapters
            .iter()
            .filter(|c| !c.draft)
            .map(|c| format!("{base_url}{}", url_path(&c.output_path))),
    );
    urls.extend(extra_pages.iter().map(|p| format!("{base_url}{p}")));
    let mut sitemap = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for url in &urls {
        sitemap.push_str(&format!("<url><loc>{}</loc></url>\n", escape_html(url)));
    }
    sitemap.push_str("</urlset>\n");
    let robots = format!("User-agent: *\nAllow: /\nSitemap: {base_url}sitemap.xml\n");
    vec![
        OutputFile {
            path: PathBuf::from("sitemap.xml"),
            contents: sitemap.into_bytes(),
        },
        OutputFile {
            path: PathBuf::from("robots.txt"),
            contents: robots.into_bytes(),
        },
    ]
}
