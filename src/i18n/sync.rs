//! Sync's words in the user's language: the report (`taizhang sync`, the
//! app's status line), its notes, its errors, `sync --status`, and the
//! messages of the commits it makes (in the syncing user's language; their
//! shape, `NAME: PLAN MILESTONE …; PLAN …`, and the ids are the same in each).

use crate::config::Locale;
use crate::state::Field;
use crate::sync::account::AccountPart;
use crate::sync::{IoStep, Note, REMOTE, Resolved, SyncError, SyncReport, TRIES};

/// A part of the message of a sync's commit of local changes:
/// `状态→已完成`, `完成值→30`, `备注`, `完成值已清除`, `county 手工修改`,
/// `county 已删除`; English from its `Display`.
pub fn account_part(part: AccountPart<'_>, locale: Locale) -> String {
    if locale == Locale::En {
        return part.to_string();
    }
    match part {
        AccountPart::Field(field, None) => format!("{}已清除", super::field_name(field, locale)),
        AccountPart::Field(field, Some(_)) if field == Field::Note || field.is_report() => {
            super::field_name(field, locale).to_string()
        }
        AccountPart::Field(field, Some(to)) => {
            let to = match field {
                Field::Status => super::status_name(to, locale),
                _ => to.to_string(),
            };
            format!("{}→{to}", super::field_name(field, locale))
        }
        AccountPart::Edited(plan) => format!("{plan} 手工修改"),
        AccountPart::Removed(plan) => format!("{plan} 已删除"),
        AccountPart::SetUp => "建立共享的状态文件夹".to_string(),
        AccountPart::CutShort(total) => format!(" …（共 {total} 条变更）"),
    }
}

/// The message of a sync's merge commit: `张三: merge 2 change(s) from
/// origin; changed on both sides, later change kept: county/t1.m1` /
/// `张三: 从 origin 合并 2 条变更; 两边都改了，保留较晚的变更: county/t1.m1`.
pub fn merge_message(reviewer: &str, pulled: usize, both: &[String], locale: Locale) -> String {
    let mut message = match (locale, pulled) {
        (Locale::En, 0) => format!("{reviewer}: merge {REMOTE} (no new changes)"),
        (Locale::En, n) => format!("{reviewer}: merge {n} change(s) from {REMOTE}"),
        (Locale::Zh, 0) => format!("{reviewer}: 合并 {REMOTE}（无新变更）"),
        (Locale::Zh, n) => format!("{reviewer}: 从 {REMOTE} 合并 {n} 条变更"),
    };
    if !both.is_empty() {
        message.push_str(match locale {
            Locale::En => "; changed on both sides, later change kept: ",
            Locale::Zh => "; 两边都改了，保留较晚的变更: ",
        });
        message.push_str(&both.join(", "));
    }
    message
}

/// `demo/t1.m1: changed on both sides (status); kept the later change …`.
pub fn resolved(conflict: &Resolved, locale: Locale) -> String {
    let at = conflict.kept_at.format("%Y-%m-%d %H:%M:%S");
    let (plan, milestone, by) = (&conflict.plan, &conflict.milestone, &conflict.kept_by);
    let fields: Vec<&str> = conflict
        .fields
        .iter()
        .map(|f| super::field_name(*f, locale))
        .collect();
    match locale {
        Locale::Zh => {
            let fields = if fields.is_empty() {
                "改的是不同字段，两边都保留".to_string()
            } else {
                fields.join("、")
            };
            format!(
                "{plan}/{milestone}：两边都改了（{fields}）；保留较晚的变更（{by}，{at}）；两边的变更都在历史中"
            )
        }
        Locale::En => {
            let fields = if fields.is_empty() {
                "different fields, both kept".to_string()
            } else {
                fields.join(", ")
            };
            format!(
                "{plan}/{milestone}: changed on both sides ({fields}); kept the later change by {by} at {at}; both are in the history"
            )
        }
    }
}

/// A note of the sync (a refused remote entry, a removed stale lock).
pub fn note(note: &Note, locale: Locale) -> String {
    match (locale, note) {
        (Locale::En, note) => note.to_string(),
        (Locale::Zh, Note::Refused(path)) => format!(
            "拒收远端的条目“{path}”：远端只能带来状态文件夹中直接存放的 <计划编号>.yaml 状态文件；未为它写入任何内容"
        ),
        (Locale::Zh, Note::RemovedLock(path)) => {
            format!("已删除 {path}（被中止的 git 命令留下，没有进程占用）")
        }
    }
}

/// One line for the app's status bar.
pub fn summary(report: &SyncReport, locale: Locale) -> String {
    let zh = locale == Locale::Zh;
    if report.is_noop() {
        return if zh {
            "已同步：无新变更"
        } else {
            "synced: up to date"
        }
        .to_string();
    }
    let mut parts = Vec::new();
    if report.pushed {
        parts.push(
            if zh {
                "已发送本地变更"
            } else {
                "sent local changes"
            }
            .to_string(),
        );
    } else if report.committed.is_some() {
        parts.push(
            if zh {
                "已提交本地变更"
            } else {
                "committed local changes"
            }
            .to_string(),
        );
    }
    if report.pulled > 0 {
        parts.push(match locale {
            Locale::Zh => format!("收到 {} 条变更", report.pulled),
            Locale::En => format!("received {} change(s)", report.pulled),
        });
    }
    if !report.conflicts.is_empty() {
        let n = report.conflicts.len();
        parts.push(match locale {
            Locale::Zh => format!("{n} 个里程碑两边都改了（保留较晚的变更）"),
            Locale::En => format!("{n} milestone(s) changed on both sides (later change kept)"),
        });
    }
    parts.extend(report.notes.iter().map(|n| note(n, locale)));
    match locale {
        Locale::Zh => format!("已同步：{}", parts.join("；")),
        Locale::En => format!("synced: {}", parts.join(", ")),
    }
}

/// What `taizhang sync` prints, one line each.
pub fn lines(report: &SyncReport, locale: Locale) -> Vec<String> {
    let remote = &report.remote;
    let zh = locale == Locale::Zh;
    let mut lines = Vec::new();
    if report.initialized {
        lines.push(if zh {
            format!("状态文件夹现在是一个 git 仓库，通过 {remote} 共享")
        } else {
            format!("the state folder is now a git repository shared through {remote}")
        });
    }
    if let Some(message) = &report.committed {
        lines.push(if zh {
            format!("已提交：{message}")
        } else {
            format!("committed: {message}")
        });
    }
    if report.pulled > 0 {
        let n = report.pulled;
        lines.push(if zh {
            format!("从 {remote} 收到 {n} 条变更")
        } else {
            format!("received {n} change(s) from {remote}")
        });
    }
    lines.extend(report.conflicts.iter().map(|c| resolved(c, locale)));
    lines.extend(report.notes.iter().map(|n| note(n, locale)));
    if report.pushed {
        lines.push(if zh {
            format!("已发送到 {remote}")
        } else {
            format!("sent to {remote}")
        });
    }
    if report.is_noop() {
        lines.push(if zh {
            format!("与 {remote} 一致，无需同步")
        } else {
            format!("up to date with {remote}; nothing to do")
        });
    }
    lines
}

/// The words of a file step the sync names (`cannot write`).
fn io_step(step: IoStep) -> &'static str {
    match step {
        IoStep::CreateStateFolder => "无法创建状态文件夹",
        IoStep::ReadStateFolder => "无法读取状态文件夹",
        IoStep::Read => "无法读取",
        IoStep::Write => "无法写入",
        IoStep::RemoveStaleLock => "无法删除遗留的锁",
    }
}

/// A sync error in the user's language (paths, remotes and git's own
/// output kept as they are).
pub fn sync_error(err: &SyncError, locale: Locale) -> String {
    if locale == Locale::En {
        return err.to_string();
    }
    const KEPT: &str = "本地的工作已保留（已提交到状态文件夹），下次同步时发送";
    match err {
        SyncError::GitMissing => {
            "未安装 git（或不在 PATH 中）：taizhang 同步要用 git 命令；请安装 git 后再同步（未作任何改动）".into()
        }
        SyncError::NotConfigured { dir } => format!(
            "{} 尚未设置同步：请运行一次 `taizhang sync --remote 地址`（地址：git 远端，或裸仓库的路径）",
            dir.display()
        ),
        SyncError::Unreachable { remote, detail, no_such_folder } => {
            let detail = git_said(detail);
            let hint = if !no_such_folder {
                String::new()
            } else {
                format!(
                    "（没有该文件夹：请检查共享盘是否已挂载；新的共享仓库用 `git init --bare {remote}` 建立）"
                )
            };
            format!("无法连接远端 {remote}：{detail}；{KEPT}{hint}")
        }
        SyncError::AuthRefused { remote, detail } => format!(
            "远端 {remote} 拒绝访问：{}；请检查凭据（git 凭据助手、SSH 密钥）；{KEPT}",
            git_said(detail)
        ),
        SyncError::PushRefused { remote, detail } => format!(
            "远端 {remote} 拒绝了推送：{}；本地的工作已保留（已提交到状态文件夹）",
            git_said(detail)
        ),
        SyncError::NotBare { remote } => format!(
            "远端 {remote} 拒绝了推送：它是检出了文件的仓库，不是裸仓库；请共享裸仓库（`git init --bare`）；本地的工作已保留（已提交到状态文件夹）"
        ),
        SyncError::KeptMoving { remote } => format!(
            "同步期间远端 {remote} 一直在变（试了 {TRIES} 次）；本地的工作已保留；请再同步一次"
        ),
        SyncError::Raced { remote } => format!(
            "另一次同步正同时推送到 {remote}；请再试一次（本地的工作已保留，已提交到状态文件夹）"
        ),
        SyncError::LocalFile(source) => {
            format!("{}；未同步任何内容", super::state_error(source, locale))
        }
        SyncError::RemoteCorrupt { file, line, column, message } => format!(
            "远端的 {file}:{line}:{column}: {}；未合并任何内容；本地的工作已保留（请在远端修正该文件后再同步）",
            super::plan::state_problem(message, locale)
        ),
        SyncError::InProgress { what, dir } => format!(
            "{} 中有一个手工开始的 git {what} 尚未结束：请完成或中止它（`git -C {} {what} --abort`），然后再同步（未作任何改动）",
            dir.display(),
            dir.display()
        ),
        SyncError::GitRunning { dir, lock, pid } => {
            let holder = match pid {
                Some(pid) => format!("进程 {pid}"),
                None => "某个进程".to_string(),
            };
            format!(
                "{} 中有 git 命令（{holder}）正在运行，占用 {lock}；请等它结束后再同步（未作任何改动）",
                dir.display()
            )
        }
        SyncError::Busy => "此状态文件夹的另一次同步正在进行；请稍后再试".into(),
        SyncError::TimedOut { what, seconds } => format!(
            "{what} 在 {seconds} 秒内没有完成（远端无响应，或线路太慢），已被中止；{KEPT}"
        ),
        SyncError::Cancelled => "taizhang 正在退出，同步已中止；本地的工作已保留".into(),
        SyncError::CannotRunGit { detail } => {
            format!("运行 git 失败：{detail}；本地的工作已保留")
        }
        SyncError::Git { action, detail } => format!(
            "`{action}` 失败：{}；本地的工作已保留",
            git_said(detail)
        ),
        SyncError::Io { path, action, source } => format!(
            "{}：{}：{}",
            path.display(),
            io_step(*action),
            super::io_reason(source, locale)
        ),
    }
}

/// `sync --status` when sync is not set up.
pub fn not_set_up(locale: Locale) -> &'static str {
    match locale {
        Locale::Zh => "尚未设置同步：请运行一次 `taizhang sync --remote 地址`",
        Locale::En => "sync is not set up: run `taizhang sync --remote URL` once",
    }
}

/// `sync --status`: its three lines (remote, last sync, changes waiting).
pub fn status_lines(
    remote: &str,
    last_sync: Option<String>,
    waiting: bool,
    locale: Locale,
) -> [String; 3] {
    match locale {
        Locale::Zh => [
            format!("远端：{remote}"),
            format!("上次同步：{}", last_sync.as_deref().unwrap_or("从未")),
            format!("待发送的本地变更：{}", if waiting { "有" } else { "无" }),
        ],
        Locale::En => [
            format!("remote: {remote}"),
            format!("last sync: {}", last_sync.as_deref().unwrap_or("never")),
            format!(
                "local changes waiting: {}",
                if waiting { "yes" } else { "no" }
            ),
        ],
    }
}

/// The merge driver's line for a milestone changed on both sides.
pub fn driver_conflict(name: &str, milestone: &str, locale: Locale) -> String {
    match locale {
        Locale::Zh => format!(
            "taizhang：{name}：{milestone} 两边都改了；保留较晚的变更，两边的变更都在历史中"
        ),
        Locale::En => format!(
            "taizhang: {name}: {milestone} changed on both sides; kept the later change, both are in the history"
        ),
    }
}

/// The merge driver's line when a state file does not parse.
pub fn driver_failed(name: &str, err: &str, locale: Locale) -> String {
    match locale {
        Locale::Zh => format!("taizhang merge-driver：{name}：{err}；保留了我方的版本"),
        Locale::En => format!("taizhang merge-driver: {name}: {err}; left our version in place"),
    }
}

/// git's own line, quoted as it says it (git runs under `LC_ALL=C`), or
/// that it said nothing.
fn git_said(detail: &str) -> String {
    if detail == crate::sync::git::NO_DETAIL {
        "git 未说明原因".to_string()
    } else {
        detail.to_string()
    }
}
