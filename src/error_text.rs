//! Error text: [`chain`] (an error with its causes as one line, each cause
//! once) and [`excerpt`] (a piece of user input fit to quote in a message).

/// `error` and its causes joined with `: `, leaving out a cause whose text
/// is already in the line (errors of this library name their cause in their
/// own message, so a plain join would repeat it).
pub fn chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let more = cause.to_string();
        if !text.contains(&more) {
            text.push_str(": ");
            text.push_str(&more);
        }
        source = cause.source();
    }
    text
}

/// `text` as an error message quotes it: at most 40 characters (then its
/// length), and a binary blob (a quarter or more control characters, as a
/// binary file read as text gives) as its length only, never its bytes.
pub fn excerpt(text: &str) -> String {
    const MAX: usize = 40;
    let chars = text.chars().count();
    let odd = text
        .chars()
        .filter(|c| (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || *c == '\u{FFFD}')
        .count();
    if odd > 0 && odd * 4 >= chars {
        return format!("<{} bytes of binary data>", text.len());
    }
    let mut out: String = text.chars().take(MAX).collect();
    if chars > MAX {
        out.push_str(&format!("... ({} bytes)", text.len()));
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_excerpt_is_short_and_never_binary() {
        assert_eq!(super::excerpt("0.5x"), "0.5x");
        let long = "y".repeat(100);
        assert_eq!(
            super::excerpt(&long),
            format!("{}... (100 bytes)", "y".repeat(40))
        );
        let binary = "\0".repeat(5000);
        assert_eq!(super::excerpt(&binary), "<5000 bytes of binary data>");
    }

    #[test]
    fn a_cause_already_named_is_not_repeated() {
        let io = std::io::Error::new(std::io::ErrorKind::StorageFull, "No space left on device");
        let err = crate::io::IoError {
            path: "/full/x.json".into(),
            source: io,
        };
        let text = super::chain(&err);
        assert_eq!(text.matches("No space left on device").count(), 1, "{text}");
        assert!(text.contains("/full/x.json"), "{text}");
    }
}
