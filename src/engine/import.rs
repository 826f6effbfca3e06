//! The billing portal's CSV export (`VEID,VM_TYPE,HOSTNAME,PRIMARY_IP,IS_TERMINATED,IS_2FA_ENABLED,API_KEY`).

use secrecy::SecretString;

use super::outcome::CsvProblem;
use crate::domain::{ServerAlias, Veid};

/// The largest attachment the bot reads, from Discord or a console path: a billing export of a few
/// hundred services is a few tens of KiB.
pub const MAX_FILE: usize = 1024 * 1024;

/// One service of the export. `Debug` is not derived: the row holds a key.
pub struct ImportRow {
    pub veid: Veid,
    pub hostname: String,
    pub terminated: bool,
    pub api_key: SecretString,
}

/// Reads the export by its header names, so column order does not matter. A bad line is an error
/// naming the line, never quoting it (it holds a key).
pub fn parse_csv(bytes: &[u8]) -> Result<Vec<ImportRow>, CsvProblem> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(true)
        .from_reader(bytes);
    let headers = reader.headers().map_err(|_| CsvProblem::NoHeader)?.clone();
    let column = |name: &'static str| {
        headers
            .iter()
            .position(|h| h.eq_ignore_ascii_case(name))
            .ok_or(CsvProblem::MissingColumn(name))
    };
    let (veid, hostname, terminated, key) = (
        column("VEID")?,
        column("HOSTNAME")?,
        column("IS_TERMINATED")?,
        column("API_KEY")?,
    );
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        let record = record.map_err(|_| CsvProblem::MalformedLine(line))?;
        let field = |at: usize| record.get(at).unwrap_or("").to_string();
        let id: Veid = field(veid).parse().map_err(|_| CsvProblem::NoVeid(line))?;
        let flag = field(terminated).to_ascii_lowercase();
        rows.push(ImportRow {
            veid: id,
            hostname: field(hostname),
            terminated: matches!(flag.as_str(), "1" | "true" | "yes" | "y"),
            api_key: SecretString::from(field(key)),
        });
    }
    if rows.is_empty() {
        return Err(CsvProblem::Empty);
    }
    Ok(rows)
}

/// An alias from the hostname's first label (`web1.example.com` → `web1`), made unique with the VEID.
pub fn alias_for(row: &ImportRow, taken: &[ServerAlias]) -> ServerAlias {
    let label: String = row
        .hostname
        .split('.')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .take(24)
        .collect();
    let first = ServerAlias::parse(&label).unwrap_or_else(|_| ServerAlias::for_veid(row.veid));
    if !taken.contains(&first) {
        return first;
    }
    let stem: String = first.as_str().chars().take(20).collect();
    ServerAlias::parse(&format!("{stem}-{}", row.veid))
        .unwrap_or_else(|_| ServerAlias::for_veid(row.veid))
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;

    const CSV: &str = "VEID,VM_TYPE,HOSTNAME,PRIMARY_IP,IS_TERMINATED,IS_2FA_ENABLED,API_KEY\n\
        1001,kvm,web1.example.com,203.0.113.5,0,1, private_aaaaaaaaaaaaaaaaaaaaaaaa \n\
        1002,ovz,old.example.com,203.0.113.6,1,0,private_bbbbbbbbbbbbbbbbbbbbbbbb\n";

    #[test]
    fn the_export_is_read_by_header_with_keys_trimmed() {
        let rows = parse_csv(CSV.as_bytes()).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].veid, Veid(1001));
        assert!(!rows[0].terminated && rows[1].terminated);
        assert_eq!(
            rows[0].api_key.expose_secret(),
            "private_aaaaaaaaaaaaaaaaaaaaaaaa"
        );
    }

    #[test]
    fn a_malformed_line_names_the_line_but_never_quotes_it() {
        let csv =
            "VEID,HOSTNAME,IS_TERMINATED,API_KEY\nabc,h,0,private_SECRETsecret0000000000000\n";
        let err = parse_csv(csv.as_bytes()).err().unwrap();
        assert_eq!(err, CsvProblem::NoVeid(2));
        assert!(!format!("{err:?}").contains("SECRET"));
    }

    #[test]
    fn aliases_come_from_the_hostname_and_stay_unique() {
        let rows = parse_csv(CSV.as_bytes()).unwrap();
        let first = alias_for(&rows[0], &[]);
        assert_eq!(first.as_str(), "web1");
        assert_eq!(alias_for(&rows[0], &[first]).as_str(), "web1-1001");
    }
}
