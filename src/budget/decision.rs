//! Decision records (`kind: decision`): a council's decision on a matter,
//! structured so that each proposal, each step of the order of decision,
//! each point of the decision and each reservation has its own link.

use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use super::expr;
use crate::diagnostic::{Diagnostics, Problem};
use crate::source::Location;
use crate::yaml::EmbeddedYaml;

/// A decision block: the record with the block's id, title and place.
#[derive(Debug, Clone)]
pub struct DecisionBlock {
    pub id: String,
    pub title: Option<String>,
    pub location: Location,
    pub record: Decision,
}

#[derive(Debug, Clone, Serialize)]
pub struct Decision {
    /// The deciding body, e.g. "Kommunstyrelsen".
    pub body: String,
    /// The paragraph, e.g. "§ 217".
    pub paragraph: String,
    /// The case number, e.g. "2023.476 KS".
    pub case: Option<String>,
    pub date: Option<String>,
    pub matter: String,
    pub proposals: Vec<Proposal>,
    pub order: Vec<Step>,
    pub decision: Vec<String>,
    pub reservations: Vec<Reservation>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Proposal {
    pub id: String,
    /// Who made the proposal.
    pub by: String,
    pub text: String,
    /// What became of it, e.g. "bifallet", "avslaget".
    pub outcome: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub id: String,
    pub text: String,
    /// Ids of the proposals put against each other.
    #[serde(default)]
    pub proposals: Vec<String>,
    pub result: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reservation {
    pub id: String,
    pub by: String,
    pub text: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDecision {
    id: Option<Spanned<String>>,
    #[allow(dead_code)]
    kind: String,
    title: Option<String>,
    body: String,
    paragraph: String,
    case: Option<String>,
    date: Option<String>,
    matter: String,
    #[serde(default)]
    proposals: Vec<Spanned<Proposal>>,
    #[serde(default)]
    order: Vec<Spanned<Step>>,
    #[serde(default)]
    decision: Vec<String>,
    #[serde(default)]
    reservations: Vec<Spanned<Reservation>>,
}

pub fn parse(
    yaml: &EmbeddedYaml,
    fence: Location,
    diagnostics: &mut Diagnostics,
) -> Option<DecisionBlock> {
    let raw: RawDecision = match yaml.parse() {
        Ok(raw) => raw,
        Err((message, location)) => {
            diagnostics.error(super::read::yaml_problem(message, &location), location);
            return None;
        }
    };
    let (id, location) = super::read::block_id(raw.id.as_ref(), &fence, yaml, diagnostics)?;
    let mut ok = true;
    let mut seen = std::collections::HashSet::new();
    let mut check_id =
        |item_id: &str, at: &serde_saphyr::Location, diagnostics: &mut Diagnostics| {
            let location = yaml.location_of(at);
            if !expr::is_valid_id(item_id) {
                diagnostics.error(
                    Problem::InvalidId {
                        id: item_id.to_string(),
                    },
                    location,
                );
                ok = false;
            } else if !seen.insert(item_id.to_string()) {
                diagnostics.error(
                    Problem::DuplicateRowId {
                        id: item_id.to_string(),
                        block: id.clone(),
                    },
                    location,
                );
                ok = false;
            } else if !super::ids::check_free(
                super::ids::Layout::Decision,
                &id,
                item_id,
                &location,
                diagnostics,
            ) {
                ok = false;
            }
        };
    for p in &raw.proposals {
        check_id(&p.value.id, &p.referenced, diagnostics);
    }
    for s in &raw.order {
        check_id(&s.value.id, &s.referenced, diagnostics);
    }
    for r in &raw.reservations {
        check_id(&r.value.id, &r.referenced, diagnostics);
    }
    let proposal_ids: std::collections::HashSet<&str> =
        raw.proposals.iter().map(|p| p.value.id.as_str()).collect();
    for step in &raw.order {
        for named in &step.value.proposals {
            if !proposal_ids.contains(named.as_str()) {
                diagnostics.error(
                    Problem::UnknownRow {
                        reference: named.clone(),
                        block: id.clone(),
                        suggestion: crate::diagnostic::suggest(named, proposal_ids.iter().copied()),
                    },
                    yaml.location_of(&step.referenced),
                );
                ok = false;
            }
        }
    }
    let decision = Decision {
        body: raw.body,
        paragraph: raw.paragraph,
        case: raw.case,
        date: raw.date,
        matter: raw.matter,
        proposals: raw.proposals.into_iter().map(|p| p.value).collect(),
        order: raw.order.into_iter().map(|s| s.value).collect(),
        decision: raw.decision,
        reservations: raw.reservations.into_iter().map(|r| r.value).collect(),
    };
    ok.then_some(DecisionBlock {
        id,
        title: raw.title,
        location,
        record: decision,
    })
}
