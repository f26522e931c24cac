//! Fixtures shared by the test files that need them.

/// A miniature of the shared data folder, written for these tests: a few news-like sentences,
/// a few encyclopedia-like ones, and name lists of a line or two. No test files: those are
/// only scored, for the model card.
pub fn tiny_data(dir: &std::path::Path) {
    let write = |path: &str, text: &str| {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    let news: String = (0..12)
        .map(|i| {
            let (who, place) = [("سمير", "عمان"), ("ليلى", "تونس"), ("كريم", "بيروت")][i % 3];
            format!("زار B-PERS\n{who} I-PERS\nمدينة O\n{place} B-LOC\nامس O\n. O\n\n")
        })
        .collect();
    write("anercorp/train.txt", &news);
    let wiki = "نهر O\nالنيل B-LOC\nفي O\nافريقيا B-LOC\n. O\n\nكتب O\nالعالم O\nرامي B-PER\nعن O\nالذهب B-MIS\n. O\n\n";
    write("aqmar/train.txt", &wiki.repeat(3));
    write("aqmar/dev.txt", wiki);
    write("gazetteers/anergazet/AlignedLocGazetteer.txt", "عمان\n");
    write("gazetteers/anergazet/AlignedOrgGazetteer.txt", "الامم المتحدة\n");
    write("gazetteers/anergazet/AlignedPersGazetteer.txt", "سمير\n");
    write("gazetteers/anetac/EN-AR_Named-entities.txt", "PERSON Laila ليلى\n");
    for file in ["male-first-names-in-arabic.txt", "female-first-names-in-arabic.txt", "last-names-in-arabic.txt"] {
        write(&format!("gazetteers/arabic-names/{file}"), "كريم\n");
    }
    write("gazetteers/iso-codes/countries.tsv", "code\tname\tarabic\nTN\tTunisia\tتونس\n");
}

/// The same news as [`tiny_data`]'s, re-tokenised (و split off) and re-annotated with
/// NewsFANE's fine classes, as `newsfane/train.txt` in `dir`.
pub fn tiny_newsfane(dir: &std::path::Path) {
    let refined: String = (0..12)
        .map(|i| {
            let (who, place) = [("سمير", "عمان"), ("ليلى", "تونس"), ("كريم", "بيروت")][i % 3];
            format!("زار O\n{who} B-Politician\nمدينة O\n{place} B-Population-Center\nامس O\n. O\n\n")
        })
        .collect();
    std::fs::create_dir_all(dir.join("newsfane")).unwrap();
    std::fs::write(dir.join("newsfane/train.txt"), refined).unwrap();
}

/// A fresh folder under the system's temporary one, removed when dropped.
pub struct TempDir(pub std::path::PathBuf);

impl TempDir {
    pub fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("kashif-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A file of the shared data folder (`../shared/data`, see DATA.md). Missing data fails the
/// test that needs it: a score that cannot be checked is not a pass.
pub fn shared(file: &str) -> std::path::PathBuf {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data").join(file);
    assert!(path.is_file(), "{} is missing: the shared data folder is needed (see DATA.md)", path.display());
    path
}
