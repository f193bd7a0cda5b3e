//! The shape ARCHITECTURE.md promises, checked on the source itself: the domain and the
//! application layer never reach for a front end, no two modules import each other in a
//! circle, and functions and files stay short enough to read.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Longest function body allowed outside tests, in lines.
const MAX_FN_LINES: usize = 120;
/// Longest source file, in lines.
const MAX_FILE_LINES: usize = 900;

/// Modules below the front ends: they must never name ratatui, clap or a front end.
const BELOW_FRONT_ENDS: &[&str] = &[
    "config",
    "downloads",
    "model",
    "store",
    "fetch",
    "refresh",
    "render",
    "extract",
    "fulltext",
    "subscriptions",
    "i18n",
    "paths",
    "logging",
    "library",
    "sync",
];

struct Source {
    module: String,
    path: PathBuf,
    text: String,
}

fn sources() -> Vec<Source> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path.strip_prefix(&root).unwrap().with_extension("");
                let mut parts: Vec<String> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                if parts
                    .last()
                    .is_some_and(|p| p == "mod" || p == "lib" || p == "main")
                {
                    parts.pop();
                }
                let text = std::fs::read_to_string(&path).unwrap();
                out.push(Source {
                    module: parts.join("::"),
                    path,
                    text,
                });
            }
        }
    }
    out
}

/// The text before the file's test module (tests may import anything).
fn non_test_part(text: &str) -> &str {
    match text.find("#[cfg(test)]\nmod ") {
        Some(i) => &text[..i],
        None => text,
    }
}

fn is_test_file(s: &Source) -> bool {
    let name = s.path.file_stem().unwrap().to_string_lossy();
    name == "tests" || name.ends_with("_tests")
}

#[test]
fn the_domain_and_the_application_layer_know_no_front_end() {
    let mut offences = Vec::new();
    for s in sources() {
        let top = s.module.split("::").next().unwrap_or("");
        if !BELOW_FRONT_ENDS.contains(&top) {
            continue;
        }
        for (n, line) in s.text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for name in ["ratatui::", "clap::", "crate::ui", "crate::cli"] {
                if code.contains(name) {
                    offences.push(format!("{}:{}: {name}", s.path.display(), n + 1));
                }
            }
        }
    }
    assert!(offences.is_empty(), "{offences:#?}");
}

#[test]
fn no_file_is_longer_than_it_can_be_read() {
    let long: Vec<String> = sources()
        .iter()
        .map(|s| (s.path.display().to_string(), s.text.lines().count()))
        .filter(|(_, n)| *n > MAX_FILE_LINES)
        .map(|(p, n)| format!("{p}: {n} lines"))
        .collect();
    assert!(long.is_empty(), "{long:#?}");
}

/// Each `fn` outside tests, with its length in lines (up to its closing brace at the same
/// indentation).
fn functions(text: &str) -> Vec<(usize, String, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let head = trimmed
            .trim_start_matches("pub(crate) ")
            .trim_start_matches("pub(super) ")
            .trim_start_matches("pub ")
            .trim_start_matches("const ")
            .trim_start_matches("async ")
            .trim_start_matches("unsafe ");
        let Some(rest) = head.strip_prefix("fn ") else {
            continue;
        };
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let close = format!("{}}}", " ".repeat(indent));
        if let Some(end) = lines[i..].iter().position(|l| *l == close) {
            out.push((i + 1, name, end + 1));
        }
    }
    out
}

#[test]
fn no_function_is_longer_than_it_can_be_read() {
    let mut long = Vec::new();
    for s in sources().iter().filter(|s| !is_test_file(s)) {
        for (line, name, len) in functions(non_test_part(&s.text)) {
            if len > MAX_FN_LINES {
                long.push(format!(
                    "{}:{line}: {name} is {len} lines",
                    s.path.display()
                ));
            }
        }
    }
    assert!(long.is_empty(), "{long:#?}");
}

/// The modules each module names (`crate::a::b`, `super::c`), resolved to file modules.
fn imports(all: &[Source]) -> BTreeMap<String, BTreeSet<String>> {
    let known: BTreeSet<&str> = all.iter().map(|s| s.module.as_str()).collect();
    let resolve = |path: &str| -> Option<String> {
        let parts: Vec<&str> = path.split("::").collect();
        (1..=parts.len())
            .rev()
            .map(|n| parts[..n].join("::"))
            .find(|m| known.contains(m.as_str()))
    };
    let mut graph = BTreeMap::new();
    for s in all.iter().filter(|s| !is_test_file(s)) {
        let parent = s.module.rsplit_once("::").map_or("", |(p, _)| p);
        let mut deps = BTreeSet::new();
        for path in paths_named(non_test_part(&s.text)) {
            let full = if let Some(rest) = path.strip_prefix("crate::") {
                rest.to_string()
            } else if let Some(rest) = path.strip_prefix("super::") {
                if parent.is_empty() {
                    rest.to_string()
                } else {
                    format!("{parent}::{rest}")
                }
            } else {
                continue;
            };
            if let Some(m) = resolve(&full) {
                deps.insert(m);
            }
        }
        graph.insert(s.module.clone(), deps);
    }
    graph
}

/// Every `crate::…` and `super::…` path in the code, with `use` groups expanded one level.
fn paths_named(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let code: String = text
        .lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n");
    for start in ["crate::", "super::"] {
        let mut from = 0;
        while let Some(i) = code[from..].find(start) {
            let at = from + i;
            let path: String = code[at..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            let path = path.trim_end_matches(':').to_string();
            let after = &code[at + path.len()..];
            if let Some(group) = after.strip_prefix("::{") {
                let inner = group.split('}').next().unwrap_or("");
                for item in inner.split(',') {
                    let item = item.trim().split("::").next().unwrap_or("").trim();
                    if !item.is_empty() && item != "self" {
                        out.push(format!("{path}::{item}"));
                    }
                }
            }
            out.push(path);
            from = at + start.len();
        }
    }
    out
}

fn is_ancestor(a: &str, b: &str) -> bool {
    a.is_empty() || b.starts_with(&format!("{a}::"))
}

#[test]
fn no_two_modules_import_each_other_in_a_circle() {
    let graph = imports(&sources());
    let mut circles = Vec::new();
    for (module, deps) in &graph {
        for dep in deps {
            if dep == module || is_ancestor(module, dep) || is_ancestor(dep, module) {
                continue;
            }
            // Is `module` reachable back from `dep`, outside parent/child links?
            let mut seen = BTreeSet::new();
            let mut stack = vec![dep.clone()];
            while let Some(m) = stack.pop() {
                if !seen.insert(m.clone()) {
                    continue;
                }
                for next in graph.get(&m).into_iter().flatten() {
                    if is_ancestor(&m, next) || is_ancestor(next, &m) {
                        continue;
                    }
                    if next == module {
                        circles.push(format!("{module} -> {dep} -> … -> {module}"));
                    } else {
                        stack.push(next.clone());
                    }
                }
            }
        }
    }
    circles.sort();
    circles.dedup();
    assert!(circles.is_empty(), "{circles:#?}");
}
