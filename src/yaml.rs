//! YAML embedded in a Markdown file (front matter, budget blocks): parsing
//! with positions translated back to the Markdown file, so that every error
//! names the author's file, line and column, not the snippet's.

use std::sync::Arc;

use serde::de::DeserializeOwned;
use serde_saphyr::budget::{Budget, BudgetBreach};

use crate::diagnostic::{with_thousands as thousands, Problem};
use crate::source::{Location, SourceFile};

/// Limits for one embedded document: a budget block is a few hundred
/// nodes; these leave room for large tables and stop alias bombs and deep
/// nesting long before they cost memory or time.
const MAX_EVENTS: usize = 200_000;
const MAX_NODES: usize = 100_000;
const MAX_DEPTH: usize = 32;
const MAX_ALIASES: usize = 1_000;
const MAX_REPLAYED_EVENTS: usize = 100_000;

/// Why an embedded document could not be read.
#[derive(Debug)]
pub enum YamlError {
    /// The parser's or the reader's message, without its own position suffix.
    Syntax(String),
    /// The document is over one of the limits above: a [`Problem::YamlLimit`].
    Limit(Box<Problem>),
}

pub struct EmbeddedYaml<'a> {
    pub file: &'a Arc<SourceFile>,
    pub text: String,
    /// The file line of the snippet's first line (1-based).
    first_line: usize,
    /// Per snippet line: how many characters of indentation the Markdown
    /// container stripped (non-zero for a fence inside a list item).
    stripped: Vec<usize>,
}

impl<'a> EmbeddedYaml<'a> {
    /// `text` must be the lines of `file` starting at `first_line`, each
    /// possibly with leading indentation removed.
    pub fn new(file: &'a Arc<SourceFile>, text: String, first_line: usize) -> Self {
        let stripped = text
            .split('\n')
            .enumerate()
            .map(|(i, line)| {
                let full = file.line_text(first_line + i);
                full.chars()
                    .count()
                    .saturating_sub(line.trim_end_matches('\r').chars().count())
            })
            .collect();
        EmbeddedYaml {
            file,
            text,
            first_line,
            stripped,
        }
    }

    /// The file location of a 1-based snippet line and column, `len` bytes long.
    pub fn location(&self, line: u64, column: u64, len: usize) -> Location {
        let line = (line.max(1) - 1) as usize;
        let indent = self.stripped.get(line).copied().unwrap_or(0);
        let offset = self
            .file
            .offset_of(self.first_line + line, column.max(1) as usize + indent);
        self.file.location(offset, len)
    }

    pub fn location_of(&self, at: &serde_saphyr::Location) -> Location {
        let len = at.span().byte_len().map_or(1, |l| l as usize).max(1);
        self.location(at.line(), at.column(), len)
    }

    /// Parses the snippet; on failure, why, and where in the file it points.
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, (YamlError, Location)> {
        let mut budget = Budget::default();
        budget.max_events = MAX_EVENTS;
        budget.max_nodes = MAX_NODES;
        budget.max_depth = MAX_DEPTH;
        budget.max_aliases = MAX_ALIASES;
        let mut options = serde_saphyr::Options::default();
        options.budget = Some(budget.clone());
        options.alias_limits.max_total_replayed_events = MAX_REPLAYED_EVENTS;
        serde_saphyr::from_str_with_options(&self.text, options).map_err(|e| {
            let location = e.location().map_or_else(
                || self.location(1, 1, 1),
                |at| self.location(at.line(), at.column(), 1),
            );
            let error = match limit_problem(innermost(&e), &budget) {
                Some(problem) => YamlError::Limit(Box::new(problem)),
                None => YamlError::Syntax(bare_message(&e.without_snippet().to_string())),
            };
            (error, location)
        })
    }
}

/// The error itself, out of the wrappers that add alias locations or snippets.
fn innermost(mut error: &serde_saphyr::Error) -> &serde_saphyr::Error {
    while let serde_saphyr::Error::AliasError { error: inner, .. }
    | serde_saphyr::Error::WithSnippet { error: inner, .. } = error
    {
        error = inner;
    }
    error
}

/// The limit `error` reports, in words, with what to do; `None` when it is
/// not about a limit.
fn limit_problem(error: &serde_saphyr::Error, budget: &Budget) -> Option<Problem> {
    use serde_saphyr::Error;
    let (exceeded, advice) = match error {
        Error::Budget { breach, .. } => budget_breach(breach, budget),
        Error::AliasReplayLimitExceeded {
            max_total_replayed_events,
            ..
        } => (
            format!(
                "repeats its anchored values (`*name`) to more than {} parts in all",
                thousands(*max_total_replayed_events)
            ),
            REPEAT_LESS,
        ),
        Error::AliasExpansionLimitExceeded {
            max_expansions_per_anchor,
            ..
        } => (
            format!(
                "repeats one anchored value (`*name`) more than {} times",
                thousands(*max_expansions_per_anchor)
            ),
            REPEAT_LESS,
        ),
        Error::AliasReplayStackDepthExceeded { max_depth, .. } => (
            format!("nests anchored values (`*name`) more than {max_depth} deep"),
            REPEAT_LESS,
        ),
        Error::AliasReplayCounterOverflow { .. } => (
            "repeats its anchored values (`*name`) too many times to count".to_string(),
            REPEAT_LESS,
        ),
        _ => return None,
    };
    Some(Problem::YamlLimit { exceeded, advice })
}

const SPLIT: &str = "split the block into several smaller ones";
const REPEAT_LESS: &str =
    "write the values out instead of repeating them with aliases, or split the block";

/// A budget breach as the rest of a sentence that starts "the YAML", and
/// what to do about it.
fn budget_breach(breach: &BudgetBreach, budget: &Budget) -> (String, &'static str) {
    let n = |limit: usize| thousands(limit);
    match breach {
        BudgetBreach::Nodes { .. } => (
            format!(
                "has more than {} nodes (values, lists and mappings)",
                n(budget.max_nodes)
            ),
            SPLIT,
        ),
        BudgetBreach::Events { .. } => (
            format!(
                "has more than {} parts (values, and the starts and ends of lists and mappings)",
                n(budget.max_events)
            ),
            SPLIT,
        ),
        BudgetBreach::Depth { .. } => (
            format!(
                "nests lists and mappings more than {} levels deep",
                budget.max_depth
            ),
            "write it with less nesting: a budget block needs a few levels",
        ),
        BudgetBreach::Aliases { .. } => (
            format!(
                "uses aliases (`*name`) more than {} times",
                n(budget.max_aliases)
            ),
            REPEAT_LESS,
        ),
        BudgetBreach::Anchors { .. } => (
            format!(
                "defines more than {} anchors (`&name`)",
                n(budget.max_anchors)
            ),
            SPLIT,
        ),
        BudgetBreach::AliasAnchorRatio { aliases, anchors } => (
            format!(
                "uses {} aliases (`*name`) for {} anchors (`&name`), more than {} uses of each",
                n(*aliases),
                n(*anchors),
                budget.alias_anchor_ratio_multiplier
            ),
            REPEAT_LESS,
        ),
        BudgetBreach::Documents { .. } => (
            format!(
                "has more than {} documents (separated by `---`)",
                n(budget.max_documents)
            ),
            "a block is one YAML document: remove the `---` lines",
        ),
        BudgetBreach::ScalarBytes { .. } => (
            format!(
                "has more than {} bytes of text in its values",
                n(budget.max_total_scalar_bytes)
            ),
            SPLIT,
        ),
        BudgetBreach::InputBytes { .. } => (
            format!(
                "is more than {} bytes long",
                n(budget.max_reader_input_bytes.unwrap_or(usize::MAX))
            ),
            SPLIT,
        ),
        BudgetBreach::MergeKeys { .. } => (
            format!(
                "has more than {} merge keys (`<<`)",
                n(budget.max_merge_keys)
            ),
            "write the keys out instead of merging them, or split the block",
        ),
        BudgetBreach::RecordedAnchorEvents { .. } => (
            format!(
                "keeps more than {} parts of anchored values (`&name`) for its aliases",
                n(budget.max_recorded_anchor_events)
            ),
            REPEAT_LESS,
        ),
        BudgetBreach::RecordedAnchorBytes { .. } => (
            format!(
                "keeps more than {} bytes of anchored values (`&name`) for its aliases",
                n(budget.max_recorded_anchor_bytes)
            ),
            REPEAT_LESS,
        ),
        BudgetBreach::InclusionDepth { .. } => (
            format!(
                "nests included files more than {} deep",
                budget.max_inclusion_depth
            ),
            "write the values in the block: it cannot include files",
        ),
        BudgetBreach::PropertyExpansionDepth { max_depth, .. } => (
            format!("nests `${{…}}` references more than {max_depth} deep"),
            "write the values in the block instead of `${…}` references",
        ),
        BudgetBreach::PropertyInterpolationWork { max_work, .. } => (
            format!(
                "takes more than {} steps to expand its `${{…}}` references",
                n(*max_work)
            ),
            "write the values in the block instead of `${…}` references",
        ),
        BudgetBreach::SequenceUnbalanced => (
            "closes a list or mapping that was never opened".to_string(),
            "check the brackets and indentation",
        ),
        // The enum may grow; its own words are better than nothing.
        other => (format!("is over a size limit ({other:?})"), SPLIT),
    }
}

fn bare_message(message: &str) -> String {
    let message = match message.rfind(" at line ") {
        Some(i) => &message[..i],
        None => message,
    };
    message
        .strip_prefix("error: ")
        .unwrap_or(message)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        a: u32,
    }

    #[test]
    fn alias_bombs_and_deep_nesting_are_refused() {
        let file = SourceFile::new("c.md", String::new());
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (name, previous) in ["b", "c", "d", "e", "f", "g", "h"]
            .iter()
            .zip(["a", "b", "c", "d", "e", "f", "g"])
        {
            bomb.push_str(&format!("{name}: &{name} [*{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}]\n"));
        }
        let yaml = EmbeddedYaml::new(&file, bomb, 1);
        assert!(yaml.parse::<serde_json::Value>().is_err());
        let deep = format!("{}1{}", "[".repeat(200), "]".repeat(200));
        let yaml = EmbeddedYaml::new(&file, deep, 1);
        assert!(yaml.parse::<serde_json::Value>().is_err());
    }

    #[test]
    fn errors_point_into_the_markdown_file() {
        let file = SourceFile::new(
            "c.md",
            "# T\n\n- item\n  ```budget\n  a: 1\n  b: 2\n  ```\n".into(),
        );
        let yaml = EmbeddedYaml::new(&file, "a: 1\nb: 2\n".into(), 5);
        let (error, location) = yaml.parse::<Doc>().unwrap_err();
        assert!(
            matches!(&error, YamlError::Syntax(m) if m == "unknown field `b`, expected one of a"),
            "{error:?}"
        );
        assert_eq!(location.to_string(), "c.md:6:3");
    }

    fn limit_of(text: String) -> String {
        let file = SourceFile::new("c.md", String::new());
        match EmbeddedYaml::new(&file, text, 1).parse::<serde_json::Value>() {
            Err((YamlError::Limit(problem), _)) => {
                format!("{problem} / {}", problem.help().unwrap())
            }
            other => panic!("not a limit: {other:?}"),
        }
    }

    #[test]
    fn a_block_over_a_limit_is_told_in_words_with_the_limit() {
        assert_eq!(
            limit_of(format!("a: [{}]", "1, ".repeat(100_001))),
            "the YAML has more than 100,000 nodes (values, lists and mappings) / split the block into several smaller ones"
        );
        assert_eq!(
            limit_of(format!("a: {}1{}", "[".repeat(40), "]".repeat(40))),
            "the YAML nests lists and mappings more than 32 levels deep / write it with less nesting: a budget block needs a few levels"
        );
        let anchors: String = (0..200).map(|i| format!("a{i}: &a{i} 1\n")).collect();
        assert_eq!(
            limit_of(format!("{anchors}b: [{}]", "*a0, ".repeat(1_001))),
            "the YAML uses aliases (`*name`) more than 1,000 times / write the values out instead of repeating them with aliases, or split the block"
        );
        assert!(limit_of(format!("a: &a [1]\nb: [{}]", "*a, ".repeat(200)))
            .starts_with("the YAML uses 200 aliases (`*name`) for 1 anchors (`&name`), more than 10 uses of each"));
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (name, previous) in ["b", "c", "d", "e"].iter().zip(["a", "b", "c", "d"]) {
            let list = vec![format!("*{previous}"); 10].join(", ");
            bomb.push_str(&format!("{name}: &{name} [{list}]\n"));
        }
        assert!(limit_of(bomb).starts_with(
            "the YAML repeats its anchored values (`*name`) to more than 100,000 parts in all"
        ),);
    }

    #[test]
    fn every_budget_breach_is_told_in_words_with_the_limit() {
        let budget = Budget::default();
        let breaches = [
            BudgetBreach::Events { events: 1 },
            BudgetBreach::Aliases { aliases: 1 },
            BudgetBreach::Anchors { anchors: 1 },
            BudgetBreach::Depth { depth: 1 },
            BudgetBreach::InclusionDepth { depth: 1 },
            BudgetBreach::Documents { documents: 1 },
            BudgetBreach::Nodes { nodes: 1 },
            BudgetBreach::ScalarBytes {
                total_scalar_bytes: 1,
            },
            BudgetBreach::MergeKeys { merge_keys: 1 },
            BudgetBreach::AliasAnchorRatio {
                aliases: 1,
                anchors: 1,
            },
            BudgetBreach::InputBytes { input_bytes: 1 },
            BudgetBreach::RecordedAnchorEvents {
                recorded_anchor_events: 1,
            },
            BudgetBreach::RecordedAnchorBytes {
                recorded_anchor_bytes: 1,
            },
            BudgetBreach::PropertyExpansionDepth {
                depth: 1,
                max_depth: 64,
            },
            BudgetBreach::PropertyInterpolationWork {
                work: 1,
                max_work: 1000,
            },
        ];
        for breach in breaches {
            let (exceeded, advice) = budget_breach(&breach, &budget);
            let name = format!("{breach:?}");
            let name = name.split(' ').next().unwrap();
            assert!(!exceeded.contains(name), "{exceeded}");
            assert!(!exceeded.contains('_'), "{exceeded}");
            assert!(exceeded.contains(" more than "), "{exceeded}");
            assert!(exceeded.chars().any(|c| c.is_ascii_digit()), "{exceeded}");
            assert!(!advice.is_empty());
        }
        let (exceeded, _) = budget_breach(&BudgetBreach::SequenceUnbalanced, &budget);
        assert_eq!(exceeded, "closes a list or mapping that was never opened");
    }
}
