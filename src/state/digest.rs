//! What a roll-up needs of a plan's saved state: per milestone its status
//! and value, none of its notes or history. Kept in the state cache beside
//! the state.

use serde::{Deserialize, Serialize};

use super::model::{MilestoneState, PlanState, Status};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StateDigest {
    /// Sorted by milestone id, as the state is.
    pub milestones: Vec<(String, Status, Option<f64>)>,
}

impl StateDigest {
    pub fn of(state: &PlanState) -> Self {
        Self {
            milestones: state
                .milestones
                .iter()
                .map(|(id, m)| (id.clone(), m.status, m.value))
                .collect(),
        }
    }

    /// The saved state of milestone `id` as far as the standing rules read
    /// it (status and value); the default when nothing is saved.
    pub fn get(&self, id: &str) -> MilestoneState {
        match self
            .milestones
            .binary_search_by(|(key, _, _)| key.as_str().cmp(id))
        {
            Ok(index) => {
                let (_, status, value) = &self.milestones[index];
                MilestoneState {
                    status: *status,
                    value: *value,
                    ..MilestoneState::default()
                }
            }
            Err(_) => MilestoneState::default(),
        }
    }
}
