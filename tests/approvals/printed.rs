//! What a console line printed, as JSON messages in Discord's shape: the answer, posts, DMs, edits.

use serde_json::Value;

/// Every message one console line printed: the answer first, then posts, DMs and edits.
#[derive(Clone)]
pub struct Printed(pub Vec<Msg>);

impl std::fmt::Debug for Printed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for m in &self.0 {
            writeln!(f, "{}", m.0)?;
        }
        Ok(())
    }
}

impl Printed {
    pub fn parse(printed: &str) -> Printed {
        Printed(
            printed
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(Msg::parse)
                .collect(),
        )
    }

    /// The answer to the typed line.
    pub fn answer(&self) -> Msg {
        self.0
            .iter()
            .find(|m| m.0.get("target").is_none())
            .cloned()
            .unwrap_or_else(|| panic!("no answer in {self:?}"))
    }

    pub fn post_in(&self, channel: u64) -> Option<Msg> {
        let want = channel.to_string();
        self.0
            .iter()
            .find(|m| m.0["target"]["channel"].as_str() == Some(want.as_str()))
            .cloned()
    }

    pub fn dm_to(&self, user: u64) -> Option<Msg> {
        let want = user.to_string();
        self.0
            .iter()
            .find(|m| m.0["target"]["dm"].as_str() == Some(want.as_str()))
            .cloned()
    }

    /// Edits of the message printed with `reference`.
    pub fn edits_of(&self, reference: &str) -> Vec<Msg> {
        self.0
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
}
