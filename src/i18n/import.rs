//! `import`'s errors in the user's language: the readers' (with their
//! conversion hints) and the pipeline's. The libraries' and the system's
//! own details (`{source}`, `{detail}`) are kept as they say them.

use crate::config::Locale;
use crate::import::ImportError;
use crate::import::read::ReadError;

/// A document that cannot be read, and how to make it readable.
pub fn read_error(err: &ReadError, locale: Locale) -> String {
    if locale == Locale::En {
        return err.to_string();
    }
    match err {
        ReadError::Io { path, source } => format!("{}：无法读取：{source}", path.display()),
        ReadError::LegacyWord { path } => format!(
            "{0}：无法读取 Word 97-2003（.doc）或 WPS（.wps）文件：请在 Word 或 WPS 中打开并另存为 .docx（文件 → 另存为 → *.docx），或运行 `soffice --headless --convert-to docx {0}`，然后导入该 .docx",
            path.display()
        ),
        ReadError::NoTextLayer { path } => format!(
            "{0}：该 PDF 没有文字层（扫描件或页面图片）：请导入方案的 .docx 或网页，或先对 PDF 做文字识别（如 `ocrmypdf -l chi_sim {0} out.pdf`）",
            path.display()
        ),
        ReadError::NotPlanText { path, text } => format!(
            "{}：不是方案正文：该 PDF 的文字层只有“{text}”（地图、图表或图片的说明）；请导入方案文件本身",
            path.display()
        ),
        ReadError::Corrupt {
            path,
            format,
            detail,
        } => format!("{}：无法作为 {format} 文件读取：{detail}", path.display()),
        ReadError::Encoding { path } => format!(
            "{}：无法解码文字：应为 UTF-8、UTF-16（带 BOM）或 GB18030/GBK",
            path.display()
        ),
        ReadError::Unsupported { path, what } => format!(
            "{}：{what} 不能导入：方案应为 .txt、.docx、.pdf、.html、.xlsx、.xls、.ods 或 .csv",
            path.display()
        ),
    }
}

/// A document read whose text is not a plan.
pub fn import_error(err: &ImportError, locale: Locale) -> String {
    if locale == Locale::En {
        return err.to_string();
    }
    match err {
        ImportError::Empty => "文档是空的：应为方案的正文".into(),
        ImportError::NoStructure => "看不出结构：没有找到 一、（一）1. 这样的编号标题".into(),
        ImportError::NoTasks => {
            "没有找到任务：每个编号部分都是前言、目标或保障措施（任务应在“重点任务”这类部分之下）"
                .into()
        }
        ImportError::BadId(id) => format!(
            "计划编号 `{id}` 不合规：请用 1 到 40 个小写字母、数字、`.`、`-` 或 `_`，以字母或数字开头"
        ),
        // the problems are validate's, `FILE:LINE:COL: …`
        ImportError::Invalid(problems) => {
            let problems: Vec<String> = problems
                .iter()
                .map(|p| super::plan::message(p, locale))
                .collect();
            format!("草稿未通过检查，未写入任何内容：{}", problems.join("；"))
        }
    }
}

/// No plan id can be made from the file's name.
pub fn no_id(file: &str, locale: Locale) -> String {
    match locale {
        Locale::Zh => format!(
            "{file}：无法从文件名得出计划编号；请用 --id 指定（小写字母、数字、`.`、`-`、`_`）"
        ),
        Locale::En => format!(
            "{file}: cannot make a plan id from the file name; give one with --id (lowercase letters, digits, `.`, `-`, `_`)"
        ),
    }
}
