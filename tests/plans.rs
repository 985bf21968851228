//! The shipped plans: each is embedded, passes validation, and holds the
//! areas and tasks of its document.

use taizhang::plan::Catalog;

#[test]
fn shipped_plans_load_with_their_counts() {
    let catalog = Catalog::embedded().unwrap_or_else(|err| panic!("{err}"));
    // (id, areas, tasks, milestones, goals)
    let expected = [
        ("jining-2024", 8, 34, 59, 4),
        ("shandong-2023-2025", 12, 35, 66, 2),
        ("wenshang-2023", 11, 78, 128, 0),
        ("yicheng-2024", 7, 30, 64, 1),
    ];
    assert_eq!(catalog.ids(), expected.map(|e| e.0.to_string()).to_vec());
    for (id, areas, tasks, milestones, goals) in expected {
        let plan = catalog.get(id).unwrap();
        assert_eq!(plan.areas.len(), areas, "{id}: areas");
        assert_eq!(plan.task_count(), tasks, "{id}: tasks");
        assert_eq!(
            plan.milestones().count(),
            milestones + goals,
            "{id}: milestones and goals"
        );
        assert_eq!(plan.goals.len(), goals, "{id}: goals");
        for area in &plan.areas {
            for task in area.all_tasks() {
                // Wenshang's 切实抓好组织实施 tasks name no unit in the document
                let unitless = id == "wenshang-2023" && area.id == "a11";
                assert!(
                    unitless || !task.lead.is_empty(),
                    "{id} {}: every task has a lead unit",
                    task.id
                );
                assert!(
                    !task.milestones.is_empty(),
                    "{id} {}: every task has a milestone",
                    task.id
                );
            }
        }
    }
}

#[test]
fn shipped_plans_name_their_sources() {
    let catalog = Catalog::embedded().unwrap();
    for loaded in &catalog.plans {
        let source = loaded.plan.source.as_deref().unwrap_or_default();
        assert!(
            source.ends_with(".txt"),
            "{}: source {source:?}",
            loaded.plan.id
        );
    }
}
