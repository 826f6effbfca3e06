//! What a console line came to: the engine's typed answer, and every message printed as JSON in
//! Discord's shape (the answer, posts, DMs, edits).

use kiwiops::console::Exchange;
use kiwiops::domain::JobStatus;
use kiwiops::engine::{Answer, JobView, Outcome, Refusal};
use kiwiops::render::Reply;
use serde_json::Value;

/// Every message one console line printed (the answer first, then posts, DMs and edits), and the
/// answer as the engine gave it.
#[derive(Clone)]
pub struct Printed {
    pub messages: Vec<Msg>,
    pub typed: Option<Answer>,
}

impl std::fmt::Debug for Printed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(a) = &self.typed {
            writeln!(f, "{:?} (private: {})", a.outcome, a.private)?;
        }
        for m in &self.messages {
            writeln!(f, "{}", m.0)?;
        }
        Ok(())
    }
}

impl Printed {
    pub fn of(exchange: Exchange) -> Printed {
        Printed {
            messages: exchange
                .printed
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(Msg::parse)
                .collect(),
            typed: exchange.answer,
        }
    }

    /// What the engine answered.
    pub fn outcome(&self) -> &Outcome {
        match &self.typed {
            Some(a) => &a.outcome,
            None => panic!("the engine gave no answer: {self:?}"),
        }
    }

    /// Whether the answer is for the asker alone, as the engine said and as it was printed.
    pub fn private(&self) -> bool {
        self.typed.as_ref().is_some_and(|a| a.private) && self.answer().ephemeral()
    }

    pub fn refusal(&self) -> Option<&Refusal> {
        self.typed.as_ref().and_then(Answer::refusal)
    }

    /// A refusal because the request stands closed, as `status`.
    pub fn is_closed_as(&self, status: JobStatus) -> bool {
        matches!(self.refusal(), Some(Refusal::Closed { status: s, .. }) if *s == status)
    }

    /// The request as a press or an `/approval` command decided it.
    pub fn decided(&self) -> &JobView {
        match self.outcome() {
            Outcome::Decided(view) => view,
            _ => panic!("not decided: {self:?}"),
        }
    }

    /// The request was decided and ran: done.
    pub fn ran(&self) -> bool {
        matches!(self.typed.as_ref().map(|a| &a.outcome), Some(Outcome::Decided(v)) if v.status == JobStatus::Done)
    }

    /// The request that waits for approvals, and where its card went.
    pub fn asked(&self) -> (&JobView, Option<u64>) {
        match self.outcome() {
            Outcome::ApprovalAsked { view, card } => (view, *card),
            _ => panic!("no approval asked for: {self:?}"),
        }
    }

    /// The answer to the typed line, as printed.
    pub fn answer(&self) -> Msg {
        self.messages
            .iter()
            .find(|m| m.0.get("target").is_none())
            .cloned()
            .unwrap_or_else(|| panic!("no answer in {self:?}"))
    }

    pub fn post_in(&self, channel: u64) -> Option<Msg> {
        let want = channel.to_string();
        self.messages
            .iter()
            .find(|m| m.0["target"]["channel"].as_str() == Some(want.as_str()))
            .cloned()
    }

    pub fn dm_to(&self, user: u64) -> Option<Msg> {
        let want = user.to_string();
        self.messages
            .iter()
            .find(|m| m.0["target"]["dm"].as_str() == Some(want.as_str()))
            .cloned()
    }

    /// Edits of the message printed with `reference`.
    pub fn edits_of(&self, reference: &str) -> Vec<Msg> {
        self.messages
            .iter()
            .filter(|m| m.0["target"]["edit"].as_str() == Some(reference))
            .cloned()
            .collect()
    }
}

/// One printed message in Discord's shape.
#[derive(Clone)]
pub struct Msg(pub Value);

impl std::fmt::Debug for Msg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl Msg {
    pub fn parse(line: &str) -> Msg {
        Msg(serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}")))
    }

    pub fn content(&self) -> &str {
        self.0["content"].as_str().unwrap_or_default()
    }

    pub fn ephemeral(&self) -> bool {
        self.0["ephemeral"].as_bool().unwrap_or(false)
    }

    /// Content, embed titles, descriptions and fields: everything a person reads.
    pub fn text(&self) -> String {
        let mut out = self.content().to_string();
        for embed in self.0["embeds"].as_array().into_iter().flatten() {
            for key in ["title", "description", "footer"] {
                if let Some(s) = embed[key].as_str() {
                    out.push('\n');
                    out.push_str(s);
                }
            }
            for field in embed["fields"].as_array().into_iter().flatten() {
                out.push_str(&format!(
                    "\n{}: {}",
                    field["name"].as_str().unwrap_or_default(),
                    field["value"].as_str().unwrap_or_default()
                ));
            }
        }
        out
    }

    pub fn buttons(&self) -> Vec<String> {
        self.0["components"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|b| b["custom_id"].as_str().map(str::to_string))
            .collect()
    }

    /// The `ref` a post carries, for its edits.
    pub fn reference(&self) -> String {
        self.0["ref"]
            .as_str()
            .expect("a posted message has a ref")
            .to_string()
    }

    pub fn target(&self) -> &Value {
        &self.0["target"]
    }

    /// Whether this message shows `expected`'s words, embeds and buttons, wherever it went.
    pub fn shows(&self, expected: &Reply) -> bool {
        let want = serde_json::to_value(expected).expect("a reply is JSON");
        ["content", "embeds", "components"]
            .iter()
            .all(|key| self.0[key] == want[key])
    }
}
