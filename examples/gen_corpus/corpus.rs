//! A generator of realistic budget books for benchmarks: Swedish-like prose,
//! headings, lists, Markdown tables and budget blocks of every chart kind
//! whose sums add up. Deterministic: the same sizes give the same book.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

const WORDS: &[&str] = &[
    "kommunen",
    "välfärden",
    "budgeten",
    "nämnden",
    "skolan",
    "omsorgen",
    "investeringar",
    "kostnader",
    "intäkter",
    "ramen",
    "planen",
    "verksamheten",
    "medarbetare",
    "invånare",
    "ska",
    "öka",
    "minska",
    "säkerställa",
    "utveckla",
    "stärka",
    "följa",
    "upp",
    "under",
    "perioden",
    "för",
    "och",
    "att",
    "med",
    "till",
    "i",
    "på",
    "av",
    "som",
    "det",
    "är",
    "långsiktigt",
    "hållbar",
    "ekonomi",
    "trygghet",
    "kvalitet",
    "förskolan",
    "äldreomsorgen",
    "fältsekreterare",
    "socialnämnden",
    "barn-",
    "ungdomsnämnden",
    "lokalkostnader",
    "driftbudget",
    "resultat",
    "skatteintäkter",
    "statsbidrag",
    "effektivisering",
    "samverkan",
    "näringslivet",
];

const COMMITTEES: &[&str] = &[
    "Vård- och omsorgsnämnden",
    "Socialnämnden",
    "Kultur- och utbildningsnämnden",
    "Barn- och ungdomsnämnden",
    "Bygg- och miljönämnden",
    "Tekniska nämnden",
    "Kommunstyrelsen",
    "Överförmyndarnämnden",
];

const KINDS: &[&str] = &["bar", "grouped-bar", "stacked-bar", "line", "waterfall"];

/// A small linear congruential generator: enough variety, no dependency.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

fn sentence(random: &mut Random) -> String {
    let length = 8 + random.below(12) as usize;
    let mut words: Vec<&str> = (0..length)
        .map(|_| WORDS[random.below(WORDS.len() as u64) as usize])
        .collect();
    let mut first = words[0].chars();
    let capitalised: String = first
        .next()
        .into_iter()
        .flat_map(char::to_uppercase)
        .chain(first)
        .collect();
    words.remove(0);
    format!("{capitalised} {}.", words.join(" "))
}

fn paragraph(random: &mut Random) -> String {
    (0..3 + random.below(4))
        .map(|_| sentence(random))
        .collect::<Vec<_>>()
        .join(" ")
}

fn block(out: &mut String, id: &str, kind: &str, random: &mut Random) {
    let columns = ["Budget 2026", "Plan 2027", "Plan 2028"];
    writeln!(out, "```budget\nid: {id}\ntitle: Tabell {id}\nunit: tkr\ncolumns: [{}]\nchart: {kind}\ntolerance: 1\nrows:", columns.join(", ")).unwrap();
    let mut totals = [0i64; 3];
    let rows = 4 + random.below(5) as usize;
    for (r, committee) in COMMITTEES.iter().take(rows).enumerate() {
        let base = 5_000 + random.below(900_000) as i64;
        let values: Vec<i64> = (0..3)
            .map(|y| base + y * (base / 40) + random.below(1000) as i64)
            .collect();
        for (total, value) in totals.iter_mut().zip(&values) {
            *total += value;
        }
        let shown: Vec<String> = values
            .iter()
            .map(|v| format!("\"{}\"", group(*v)))
            .collect();
        writeln!(
            out,
            "  - {{id: r{r}, label: {committee}, values: [{}]}}",
            shown.join(", ")
        )
        .unwrap();
    }
    let shown: Vec<String> = totals
        .iter()
        .map(|v| format!("\"{}\"", group(*v)))
        .collect();
    writeln!(
        out,
        "  - id: summa\n    label: Summa\n    values: [{}]\n    sum: above",
        shown.join(", ")
    )
    .unwrap();
    writeln!(out, "```\n").unwrap();
}

/// 1234567 → "1 234 567", as Swedish tables print figures.
fn group(value: i64) -> String {
    let digits = value.abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    if value < 0 {
        format!("-{out}")
    } else {
        out
    }
}

/// Writes a book with `chapters` chapters of `blocks` budget blocks each into
/// `dir`. With `plain`, the chapters have no budget blocks and no front
/// matter: Markdown any generator reads.
pub fn write_book(dir: &Path, chapters: usize, blocks: usize, plain: bool) -> io::Result<()> {
    let content = dir.join("content");
    fs::create_dir_all(&content)?;
    fs::write(
        dir.join("book.toml"),
        "[book]\ntitle = \"Budget för benchmark\"\nlanguage = \"sv\"\n",
    )?;
    let mut summary = String::from("# Summary\n\n");
    let mut random = Random(2026);
    for c in 0..chapters {
        let name = format!("kapitel-{c:05}.md");
        writeln!(summary, "- [Kapitel {c}](kapitel-{c:05}.md)").unwrap();
        let mut text = String::new();
        if !plain {
            writeln!(text, "---\ndescription: Kapitel {c} i budgeten.\n---").unwrap();
        }
        writeln!(
            text,
            "# {c}. Kapitel om välfärden\n\n{}\n",
            paragraph(&mut random)
        )
        .unwrap();
        for s in 0..3 {
            writeln!(
                text,
                "## Avsnitt {s} om ekonomin\n\n{}\n",
                paragraph(&mut random)
            )
            .unwrap();
            for _ in 0..3 {
                writeln!(text, "- {}", sentence(&mut random)).unwrap();
            }
            writeln!(
                text,
                "\n| Post | Belopp |\n|---|---:|\n| Skatt | {} |\n| Bidrag | {} |\n",
                group(random.below(100_000) as i64),
                group(random.below(100_000) as i64)
            )
            .unwrap();
        }
        if !plain {
            for b in 0..blocks {
                let kind = KINDS[(c * blocks + b) % KINDS.len()];
                block(&mut text, &format!("b{c}-{b}"), kind, &mut random);
            }
        }
        fs::write(content.join(name), text)?;
    }
    fs::write(content.join("SUMMARY.md"), summary)
}
