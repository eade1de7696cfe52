use super::*;

fn texts(a: &Article) -> Vec<&str> {
    a.blocks.iter().map(|b| b.text.as_str()).collect()
}

#[test]
fn smoke() {
    let a = extract_html("<html><body><article><p>Hello world, this is a long enough paragraph of text.</p></article></body></html>", None);
    assert_eq!(
        texts(&a),
        vec!["Hello world, this is a long enough paragraph of text."]
    );
}
