use std::time::Instant;
fn main() {
    let db = std::env::args().nth(1).unwrap();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let t = Instant::now();
    let store = griot::store::Store::open(std::path::Path::new(&db)).unwrap();
    let opts = griot::refresh::RefreshOptions::default();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let (mut store, s) = rt
        .block_on(griot::refresh::refresh(
            store,
            &opts,
            griot::refresh::Selection::All,
            Some(tx),
        ))
        .unwrap();
    let mut n = 0;
    while rx.try_recv().is_ok() {
        n += 1;
    }
    eprintln!("refresh {:?} {} events={n}", t.elapsed(), s.line());
    let t = Instant::now();
    if std::env::var_os("COMPACT").is_some() {
        store.compact_if_due(chrono::Utc::now(), 7).unwrap();
    }
    //store.compact_if_due(chrono::Utc::now(), 7).unwrap();
    eprintln!("compact {:?}", t.elapsed());
}
