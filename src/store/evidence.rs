//! Reading what a signed report cites as evidence: the parse diagnostics of a campaign's
//! sources (the sources themselves come from [`Store::sources`]).

use super::{Result, Store};
use crate::model::{Diagnostic, Severity};
use serde::Serialize;

/// A parse diagnostic with the file it is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SourceDiagnostic {
    pub source_id: i64,
    pub path: String,
    pub diagnostic: Diagnostic,
}

impl Store {
    /// The diagnostics of every source of a campaign, by source and line.
    pub fn campaign_diagnostics(&self, campaign: &str) -> Result<Vec<SourceDiagnostic>> {
        self.require_campaign(campaign)?;
        let mut st = self
            .conn
            .prepare(
                "SELECT s.id, s.path, d.line, d.col, d.severity, d.message
                 FROM diagnostics d JOIN sources s ON s.id = d.source_id
                 JOIN campaigns c ON c.id = s.campaign_id
                 WHERE c.name = ?1 ORDER BY s.id, d.line, d.col, d.id",
            )
            .map_err(self.err())?;
        let rows = st
            .query_map([campaign], |r| {
                Ok(SourceDiagnostic {
                    source_id: r.get(0)?,
                    path: r.get(1)?,
                    diagnostic: Diagnostic {
                        line: r.get::<_, i64>(2)?.clamp(0, i64::from(u32::MAX)) as u32,
                        column: r.get::<_, i64>(3)?.clamp(0, i64::from(u32::MAX)) as u32,
                        severity: Severity::from_name(&r.get::<_, String>(4)?)
                            .unwrap_or(Severity::Warning),
                        message: r.get(5)?,
                    },
                })
            })
            .map_err(self.err())?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(self.err())?;
        Ok(rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::LogFormat;
    use crate::store::{FileContent, FileInput};

    #[test]
    fn diagnostics_come_back_with_their_file() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("s.db")).unwrap();
        let mut log = crate::model::ParsedLog::new(LogFormat::SarText);
        log.diagnostics
            .push(Diagnostic::warning(3, 1, "cut last row"));
        let input = FileInput {
            campaign: "c",
            path: "c/sar.log",
            sha256: "sha-x",
            bytes: b"x",
            direction: None,
            content: FileContent::Parsed {
                log: &log,
                parser_version: 1,
            },
        };
        store.store_file(&input).unwrap();
        let d = store.campaign_diagnostics("c").unwrap();
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].path, "c/sar.log");
        assert_eq!(d[0].diagnostic.message, "cut last row");
        assert!(store.campaign_diagnostics("nope").is_err());
    }
}
