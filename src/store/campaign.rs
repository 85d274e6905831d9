//! Campaign metadata: the contract stored with a campaign.

use super::{Result, Store, ts_text};
use crate::model::contract::CampaignKind;
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

/// A campaign as listed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CampaignRecord {
    pub id: i64,
    pub name: String,
    pub created_at: String,
    pub link: Option<String>,
    pub kind: Option<CampaignKind>,
    pub date: Option<String>,
    pub bandwidth_bps: Option<f64>,
    /// The contract file's text, when one was given.
    pub contract: Option<String>,
    pub contract_path: Option<String>,
}

/// What the store records of a contract.
#[derive(Clone, Debug)]
pub struct ContractInput<'a> {
    pub text: &'a str,
    pub path: &'a str,
    pub link: &'a str,
    pub kind: Option<CampaignKind>,
    pub date: Option<String>,
    pub bandwidth_bps: f64,
}

impl Store {
    /// Creates the campaign if needed and stores its contract (replacing an earlier one).
    /// Returns whether an earlier, different contract was replaced.
    pub fn set_contract(&mut self, campaign: &str, c: &ContractInput<'_>) -> Result<bool> {
        let err = self.err();
        let previous: Option<Option<String>> = self
            .conn
            .query_row(
                "SELECT contract FROM campaigns WHERE name = ?1",
                [campaign],
                |r| r.get(0),
            )
            .optional()
            .map_err(&err)?;
        if previous.is_none() {
            self.conn
                .execute(
                    "INSERT INTO campaigns (name, created_at) VALUES (?1, ?2)",
                    params![campaign, ts_text(&chrono::Utc::now())],
                )
                .map_err(&err)?;
        }
        self.conn
            .execute(
                "UPDATE campaigns SET link = ?2, kind = ?3, date = ?4, bandwidth_bps = ?5,
                        contract = ?6, contract_path = ?7
                 WHERE name = ?1",
                params![
                    campaign,
                    c.link,
                    c.kind.map(|k| k.as_str()),
                    c.date,
                    c.bandwidth_bps,
                    c.text,
                    c.path
                ],
            )
            .map_err(&err)?;
        Ok(matches!(previous, Some(Some(p)) if p != c.text))
    }

    /// All campaigns, by link, date and name.
    pub fn campaigns(&self) -> Result<Vec<CampaignRecord>> {
        let mut st = self
            .conn
            .prepare(
                "SELECT id, name, created_at, link, kind, date, bandwidth_bps, contract, contract_path
                 FROM campaigns ORDER BY link, date, name",
            )
            .map_err(self.err())?;
        let rows = st
            .query_map([], |r| {
                Ok(CampaignRecord {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    created_at: r.get(2)?,
                    link: r.get(3)?,
                    kind: r
                        .get::<_, Option<String>>(4)?
                        .and_then(|k| CampaignKind::from_name(&k)),
                    date: r.get(5)?,
                    bandwidth_bps: r.get(6)?,
                    contract: r.get(7)?,
                    contract_path: r.get(8)?,
                })
            })
            .map_err(self.err())?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(self.err())?;
        Ok(rows)
    }

    /// The earliest time the campaign's logs give (a run's start or a sar sample), RFC 3339.
    pub fn campaign_first_time(&self, name: &str) -> Result<Option<String>> {
        self.conn
            .query_row(
                "SELECT min(t) FROM (
                    SELECT min(r.started_at) AS t FROM runs r JOIN campaigns c ON c.id = r.campaign_id
                    WHERE c.name = ?1
                    UNION ALL
                    SELECT min(x.ts) FROM sar_samples x JOIN campaigns c ON c.id = x.campaign_id
                    WHERE c.name = ?1)",
                [name],
                |r| r.get(0),
            )
            .map_err(self.err())
    }

    /// One campaign by exact name; an unknown name lists the known ones.
    pub fn campaign(&self, name: &str) -> Result<CampaignRecord> {
        self.require_campaign(name)?;
        let all = self.campaigns()?;
        all.into_iter()
            .find(|c| c.name == name)
            .ok_or_else(|| super::StoreError::NotFound(format!("no campaign named `{name}`")))
    }
}
